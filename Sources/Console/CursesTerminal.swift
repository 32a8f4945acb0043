import CNCurses
import Foundation

/// The real terminal, through ncurses. Everything here runs on the console runner's thread: curses
/// is not thread-safe, and the engine never calls it.
///
/// Painting keeps the last painted `ScreenBuffer` and rewrites only rows that changed (curses then
/// sends only the changed cells); one `wnoutrefresh` + `doupdate` per frame.
final class CursesTerminal: ConsoleTerminal {
    /// How long a lone Esc waits for the rest of an escape sequence (curses' default is a second).
    static let escapeDelayMs: Int32 = 25

    private let theme: Theme
    private let environment: [String: String]
    private let capturePath: String?
    private let translator = CursesKeyTranslator()
    private var capture: StandardErrorCapture?
    private var styles: [StyleRole: (attributes: UInt32, pair: Int32)] = [:]
    private var painted: ScreenBuffer?
    private var isOpen = false
    /// Reused for each run of same-styled cells.
    private var characters: [wchar_t] = []

    /// The colour mode chosen at `open()`.
    private(set) var colorMode: ColorMode = .monochrome

    /// `capturePath`: where stderr goes while the terminal is open (nil: not captured).
    init(theme: Theme, environment: [String: String], capturePath: String?) {
        self.theme = theme
        self.environment = environment
        self.capturePath = capturePath
    }

    func open() throws -> (width: Int, height: Int) {
        sb_setlocale_from_environment()
        guard sb_start_terminal() == 0 else {
            throw TerminalError("cannot open the console on this terminal (TERM=\(environment["TERM"] ?? "unset")); use --headless")
        }
        // Captured from here on: newterm() has not drawn anything yet, and its own complaints
        // (an unknown TERM) should reach the user.
        do {
            if let capturePath { capture = try StandardErrorCapture.start(path: capturePath) }
        } catch {
            _ = sb_endwin()
            throw error
        }
        isOpen = true
        TerminalGuard.activate(savedStderr: capture?.savedDescriptor ?? -1)
        sb_configure_input(100, Self.escapeDelayMs)
        sb_hide_cursor()
        setUpStyles()
        return followTerminalSize()
    }

    func readKey(timeoutMs: Int) -> KeyInput? {
        sb_set_read_timeout(Int32(clamping: max(0, timeoutMs)))
        var value: UInt32 = 0
        let result = sb_read_key(&value)
        let isKeyCode = result == sb_key_code_yes()
        guard isKeyCode || result == sb_ok() else { return nil }
        switch translator.translate(value, isKeyCode: isKeyCode) {
        case .key(let key): return key
        case .ignored: return nil
        case .resize:
            painted = nil
            let size = followTerminalSize()
            return .resize(width: size.width, height: size.height)
        }
    }

    /// Makes curses use the terminal's real size and returns it. curses takes LINES/COLUMNS from the
    /// environment when they are exported (some shells and tools do), even after a resize.
    private func followTerminalSize() -> (width: Int, height: Int) {
        var lines: Int32 = 0
        var columns: Int32 = 0
        if sb_terminal_size(&lines, &columns) == 0, lines != sb_height() || columns != sb_width() {
            _ = sb_resizeterm(lines, columns)
        }
        return (Int(sb_width()), Int(sb_height()))
    }

    func paint(_ screen: ScreenBuffer) {
        // A resize that curses has seen but the model has not yet: wait for the frame at the new size
        // (writing a row wider than the window would wrap onto the next one).
        guard screen.width == Int(sb_width()), screen.height == Int(sb_height()) else { return }
        let previous = painted.flatMap { $0.width == screen.width && $0.height == screen.height ? $0 : nil }
        if previous == nil { _ = sb_erase() }
        for y in 0..<screen.height where previous.map({ !Self.row(y, of: screen, equals: $0) }) ?? true {
            paintRow(y, of: screen)
        }
        _ = sb_refresh()
        painted = screen
    }

    func close() -> String? {
        if isOpen {
            _ = sb_endwin()
            isOpen = false
            TerminalGuard.deactivate()
        }
        let written = capture?.stop()
        capture = nil
        return written
    }

    // MARK: - Painting

    private static func row(_ y: Int, of screen: ScreenBuffer, equals other: ScreenBuffer) -> Bool {
        let start = y * screen.width
        return screen.cells[start..<start + screen.width] == other.cells[start..<start + screen.width]
    }

    /// Writes row `y` as runs of cells with the same role: one style change and one write per run.
    private func paintRow(_ y: Int, of screen: ScreenBuffer) {
        var runStart = 0
        var runRole: StyleRole?
        characters.removeAll(keepingCapacity: true)
        for x in 0..<screen.width {
            // The right half of a double-width character: the character before already covers it.
            guard let character = screen[x, y].character else { continue }
            let role = screen[x, y].role
            if role != runRole {
                flush(y: y, x: runStart, role: runRole)
                runStart = x
                runRole = role
            }
            for scalar in character.unicodeScalars { characters.append(wchar_t(bitPattern: scalar.value)) }
        }
        flush(y: y, x: runStart, role: runRole)
    }

    private func flush(y: Int, x: Int, role: StyleRole?) {
        guard let role, !characters.isEmpty else { return }
        let style = styles[role] ?? (0, 0)
        _ = sb_set_style(style.attributes, style.pair)
        _ = characters.withUnsafeBufferPointer { sb_write(Int32(y), Int32(x), $0.baseAddress, Int32($0.count)) }
        characters.removeAll(keepingCapacity: true)
    }

    // MARK: - Colours

    /// Chooses the colour mode and gives every role a colour pair (pair n for role n) and attributes.
    private func setUpStyles() {
        var mode = ColorMode.monochrome
        var defaultsWork = false
        let noColor = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        if !noColor, sb_has_colors(), sb_start_color() != ERR {
            defaultsWork = sb_use_default_colors() != ERR
            let capabilities = ColorMode.Capabilities(hasColors: true, colors: Int(sb_colors()), canChangeColor: sb_can_change_color())
            mode = ColorMode.detect(environment: environment, capabilities: capabilities)
        }
        colorMode = mode
        let resolved = theme.terminalStyles(for: mode)
        // A direct-colour terminal takes 0xRRGGBB as colour numbers; others get palette slots loaded.
        let isDirectColor = Int(sb_colors()) >= 1 << 24
        let slots = mode == .truecolor && !isDirectColor ? loadPaletteSlots(for: resolved) : [:]
        styles = [:]
        for (index, role) in StyleRole.allCases.enumerated() {
            let style = resolved[role] ?? TerminalStyle(foreground: .terminalDefault, background: .terminalDefault, attributes: [])
            var pair: Int32 = 0
            if mode != .monochrome, index + 1 < Int(sb_color_pairs()) {
                let foreground = colorNumber(style.foreground, slots: slots, fallback: defaultsWork ? -1 : 7)
                let background = colorNumber(style.background, slots: slots, fallback: defaultsWork ? -1 : 0)
                if sb_init_pair(Int32(index + 1), foreground, background) != ERR { pair = Int32(index + 1) }
            }
            styles[role] = (Self.cursesAttributes(style.attributes), pair)
        }
    }

    /// On a 256-colour terminal that can redefine its palette, loads the theme's 24-bit colours into
    /// slots from 255 downwards (skipping indexes the theme uses as they are). curses restores the
    /// terminal's palette at `endwin()`.
    private func loadPaletteSlots(for styles: [StyleRole: TerminalStyle]) -> [RGBColor: Int32] {
        var colors: [RGBColor] = []
        var usedIndexes: Set<Int> = []
        for style in styles.values {
            for color in [style.foreground, style.background] {
                switch color {
                case .rgb(let rgb) where !colors.contains(rgb): colors.append(rgb)
                case .index(let index): usedIndexes.insert(index)
                default: break
                }
            }
        }
        var slots: [RGBColor: Int32] = [:]
        var slot = min(Int(sb_colors()), 256) - 1
        for color in colors {
            while usedIndexes.contains(slot) { slot -= 1 }
            guard slot >= 16 else { break }
            let scale = { (component: UInt8) in Int32(component) * 1000 / 255 }
            if sb_init_color(Int32(slot), scale(color.red), scale(color.green), scale(color.blue)) != ERR { slots[color] = Int32(slot) }
            slot -= 1
        }
        return slots
    }

    private func colorNumber(_ color: TerminalColor, slots: [RGBColor: Int32], fallback: Int32) -> Int32 {
        switch color {
        case .terminalDefault: fallback
        case .index(let index): Int32(index)
        case .rgb(let rgb): slots[rgb] ?? (Int(sb_colors()) >= 1 << 24 ? Int32(rgb.packed) : fallback)  // direct colour, or no slot left
        }
    }

    private static func cursesAttributes(_ attributes: TextAttributes) -> UInt32 {
        var value: UInt32 = 0
        if attributes.contains(.bold) { value |= sb_attr_bold() }
        if attributes.contains(.dim) { value |= sb_attr_dim() }
        if attributes.contains(.underline) { value |= sb_attr_underline() }
        if attributes.contains(.reverse) { value |= sb_attr_reverse() }
        return value
    }
}
