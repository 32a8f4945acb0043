/// How one `StyleRole` looks: colours (nil: the terminal's own foreground/background) and
/// attributes, plus the attributes to use instead when there is no colour.
public struct ThemeStyle: Sendable, Hashable {
    public var foreground: ThemeColor?
    public var background: ThemeColor?
    public var attributes: TextAttributes
    /// Attributes without colour (`NO_COLOR`, monochrome); nil: the same as `attributes`. A role
    /// that colour alone distinguishes (a selection bar, a status bar) needs e.g. `reverse` here.
    public var monochromeAttributes: TextAttributes?

    public init(
        foreground: ThemeColor? = nil, background: ThemeColor? = nil, attributes: TextAttributes = [],
        monochromeAttributes: TextAttributes? = nil
    ) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
        self.monochromeAttributes = monochromeAttributes
    }

    /// What a terminal in `mode` shows for this style.
    public func terminalStyle(for mode: ColorMode) -> TerminalStyle {
        guard mode != .monochrome else {
            return TerminalStyle(foreground: .terminalDefault, background: .terminalDefault, attributes: monochromeAttributes ?? attributes)
        }
        return TerminalStyle(
            foreground: foreground?.terminalColor(for: mode) ?? .terminalDefault,
            background: background?.terminalColor(for: mode) ?? .terminalDefault,
            attributes: attributes)
    }
}
