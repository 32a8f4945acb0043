/// How many colours the console uses, chosen once at start from the terminal and the environment.
public enum ColorMode: String, Sendable, Hashable, CaseIterable {
    /// No colour: `NO_COLOR`, or a terminal without colours. Roles differ by attributes only.
    case monochrome
    case ansi8
    case ansi16
    case indexed256
    /// 24-bit colours: the theme's `truecolor` values.
    case truecolor

    /// What the terminal can show, as curses reports it after `start_color()`.
    public struct Capabilities: Sendable, Hashable {
        public var hasColors: Bool
        /// curses' `COLORS`.
        public var colors: Int
        /// curses' `can_change_color()`: palette slots can be redefined to exact RGB values.
        public var canChangeColor: Bool

        public init(hasColors: Bool, colors: Int, canChangeColor: Bool) {
            self.hasColors = hasColors
            self.colors = colors
            self.canChangeColor = canChangeColor
        }

        /// A direct-colour terminal description (e.g. `xterm-direct`): colour numbers are 0xRRGGBB.
        public var isDirectColor: Bool { colors >= 1 << 24 }
    }

    /// The richest mode both the terminal and the environment allow.
    ///
    /// - `NO_COLOR` set to any non-empty value (https://no-color.org) → monochrome.
    /// - 24-bit: a direct-colour terminal, or `COLORTERM=truecolor|24bit` on a 256-colour terminal
    ///   whose palette slots can be redefined (the driver loads the theme's colours into them).
    /// - otherwise 256, 16 or 8 colours by `COLORS`, else monochrome.
    public static func detect(environment: [String: String], capabilities: Capabilities) -> ColorMode {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .monochrome }
        guard capabilities.hasColors, capabilities.colors >= 8 else { return .monochrome }
        if capabilities.isDirectColor { return .truecolor }
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colorTerm == "truecolor" || colorTerm == "24bit", capabilities.colors >= 256, capabilities.canChangeColor {
            return .truecolor
        }
        if capabilities.colors >= 256 { return .indexed256 }
        if capabilities.colors >= 16 { return .ansi16 }
        return .ansi8
    }
}
