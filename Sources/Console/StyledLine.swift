/// One line of a scrollable document (inspector, replay diff, help): text runs with their roles.
public struct StyledLine: Sendable, Hashable {
    public struct Span: Sendable, Hashable {
        public var text: String
        public var role: StyleRole

        public init(_ text: String, role: StyleRole) {
            self.text = text
            self.role = role
        }
    }

    public var spans: [Span]

    public init(_ text: String = "", role: StyleRole = .text) {
        spans = text.isEmpty ? [] : [Span(text, role: role)]
    }

    public init(spans: [Span]) { self.spans = spans }

    /// `label` in a fixed-width dim column, then `value`.
    static func field(_ label: String, _ value: String, labelWidth: Int = 14, role: StyleRole = .text) -> StyledLine {
        StyledLine(spans: [Span(DisplayFormat.column(label, labelWidth), role: .dim), Span(value, role: role)])
    }

    static func heading(_ text: String) -> StyledLine { StyledLine(text, role: .title) }

    public var text: String { spans.map(\.text).joined() }

    /// Draws the line from column `x` on row `y`, clipped to `width` columns.
    func draw(into screen: inout ScreenBuffer, x: Int, y: Int, width: Int) {
        var column = x
        for span in spans {
            let remaining = x + width - column
            guard remaining > 0 else { break }
            column = screen.put(span.text, x: column, y: y, role: span.role, maxWidth: remaining)
        }
    }

    /// Splits prose at spaces into lines of at most `width` columns (words longer than a line are cut).
    static func wrapWords(_ text: String, width: Int) -> [String] {
        guard width > 0, DisplayFormat.displayWidth(text) > width else { return [text] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            for piece in wrap(String(word), width: width) {
                let candidate = current.isEmpty ? piece : current + " " + piece
                if DisplayFormat.displayWidth(candidate) <= width {
                    current = candidate
                } else {
                    lines.append(current)
                    current = piece
                }
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// Splits `text` into pieces of at most `width` columns (long body lines wrap, not clip).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0, DisplayFormat.displayWidth(text) > width else { return [text] }
        var pieces: [String] = []
        var current = ""
        var used = 0
        for character in text {
            let cell = ScreenBuffer.displayWidth(of: character)
            if used + cell > width {
                pieces.append(current)
                current = ""
                used = 0
            }
            current.append(character)
            used += cell
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces
    }
}
