/// One named colour of a theme's palette, with a value for each depth of terminal: 24-bit,
/// 256-colour index, and one of the sixteen ANSI colours (required; the others fall back to it).
public struct ThemeColor: Sendable, Hashable {
    public var truecolor: RGBColor?
    /// xterm 256-colour index (0–255).
    public var color256: Int?
    public var color16: ANSIColor

    public init(truecolor: RGBColor? = nil, color256: Int? = nil, color16: ANSIColor) {
        self.truecolor = truecolor
        self.color256 = color256
        self.color16 = color16
    }

    /// The value a terminal in `mode` shows; nil in monochrome.
    public func terminalColor(for mode: ColorMode) -> TerminalColor? {
        switch mode {
        case .monochrome: nil
        case .ansi8: .index(color16.base.index)
        case .ansi16: .index(color16.index)
        case .indexed256: .index(color256 ?? color16.index)
        case .truecolor: truecolor.map(TerminalColor.rgb) ?? .index(color256 ?? color16.index)
        }
    }
}
