/// The rendered console: a grid of cells the model draws into and the terminal driver paints.
/// Pure data, so every view can be snapshot-tested without a terminal.
public struct ScreenBuffer: Sendable, Equatable {
    public struct Cell: Sendable, Equatable {
        /// One grapheme; `nil` for the right half of a double-width character.
        public var character: Character?
        public var role: StyleRole

        public init(character: Character?, role: StyleRole) {
            self.character = character
            self.role = role
        }

        public static let blank = Cell(character: " ", role: .text)
    }

    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Writes `text` from column `x` on row `y`, clipped to `maxWidth` columns (and the screen).
    /// Returns the column after the last cell written.
    @discardableResult
    public mutating func put(_ text: some StringProtocol, x: Int, y: Int, role: StyleRole = .text, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return x }
        let limit = min(width, x + (maxWidth ?? width))
        var column = x
        for character in text {
            let cellWidth = ScreenBuffer.displayWidth(of: character)
            guard cellWidth > 0 else { continue }
            if column + cellWidth > limit { break }
            if column >= 0 {
                self[column, y] = Cell(character: character, role: role)
                if cellWidth == 2 { self[column + 1, y] = Cell(character: nil, role: role) }
            }
            column += cellWidth
        }
        return column
    }

    /// Sets `role` (and blanks the text) over a rectangle.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, role: StyleRole, character: Character = " ") {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) {
                self[column, row] = Cell(character: character, role: role)
            }
        }
    }

    /// Changes the role of cells in a rectangle, keeping their text (selection highlight).
    public mutating func restyle(x: Int, y: Int, width w: Int, height h: Int, role: StyleRole) {
        for row in max(0, y)..<min(height, y + h) {
            for column in max(0, x)..<min(width, x + w) {
                self[column, row].role = role
            }
        }
    }

    /// Row `y` as text (double-width characters once), trailing blanks kept.
    public func text(row y: Int) -> String {
        var line = ""
        for x in 0..<width {
            if let character = self[x, y].character { line.append(character) }
        }
        return line
    }

    /// The whole screen as text, one line per row with trailing blanks trimmed: the snapshot form.
    public var snapshot: String {
        (0..<height).map { row in
            var line = text(row: row)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Terminal columns a character takes: 2 for East Asian wide and emoji-presentation
    /// characters, 0 for controls and combining marks, otherwise 1.
    public static func displayWidth(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        // Printable ASCII is most of every frame: answer it before the Unicode property lookups.
        if value >= 0x20 && value < 0x7F { return 1 }
        if value < 0x20 || (0x7F..<0xA0).contains(value) { return 0 }
        if scalar.properties.generalCategory == .nonspacingMark { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return 2
        default:
            return 1
        }
    }
}
