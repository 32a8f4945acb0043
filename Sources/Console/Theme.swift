/// A console colour theme: a style for every `StyleRole`, loaded from `themes/NAME.yaml`
/// (`ThemeLoader`). The renderer names roles; only the theme decides what they look like.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var summary: String?
    /// The palette by name, as in the file (kept for `--theme` listings and tests).
    public var palette: [String: ThemeColor]
    public var styles: [StyleRole: ThemeStyle]

    public init(name: String, summary: String? = nil, palette: [String: ThemeColor], styles: [StyleRole: ThemeStyle]) {
        self.name = name
        self.summary = summary
        self.palette = palette
        self.styles = styles
    }

    /// The style of `role` (a theme from `ThemeLoader` has every role).
    public func style(_ role: StyleRole) -> ThemeStyle {
        styles[role] ?? ThemeStyle()
    }

    /// Every role resolved for a terminal in `mode`.
    public func terminalStyles(for mode: ColorMode) -> [StyleRole: TerminalStyle] {
        var resolved: [StyleRole: TerminalStyle] = [:]
        for role in StyleRole.allCases {
            resolved[role] = style(role).terminalStyle(for: mode)
        }
        return resolved
    }
}
