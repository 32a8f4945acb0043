/// A style resolved for one terminal: concrete colours and attributes, what the driver turns into
/// a colour pair.
public struct TerminalStyle: Sendable, Hashable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var attributes: TextAttributes

    public init(foreground: TerminalColor, background: TerminalColor, attributes: TextAttributes) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A colour as a terminal takes it.
public enum TerminalColor: Sendable, Hashable {
    /// The terminal's own default foreground or background.
    case terminalDefault
    /// A palette index: 0–15 ANSI, 16–255 the xterm 256-colour cube and greys.
    case index(Int)
    case rgb(RGBColor)
}
