/// The sixteen colours every colour terminal has, by the names theme files use. Their actual
/// shades come from the user's terminal palette.
public enum ANSIColor: String, CaseIterable, Sendable, Hashable {
    case black, red, green, yellow, blue, magenta, cyan, white
    case brightBlack = "bright_black"
    case brightRed = "bright_red"
    case brightGreen = "bright_green"
    case brightYellow = "bright_yellow"
    case brightBlue = "bright_blue"
    case brightMagenta = "bright_magenta"
    case brightCyan = "bright_cyan"
    case brightWhite = "bright_white"

    /// The terminal's colour number (0–15).
    public var index: Int { Self.allCases.firstIndex(of: self)! }

    /// The nearest of the first eight, for terminals without bright colours.
    public var base: ANSIColor { Self.allCases[index % 8] }
}
