/// Text attributes a theme gives a role. They are what still tells roles apart without colour
/// (`NO_COLOR`, monochrome terminals), so every theme chooses them deliberately.
public struct TextAttributes: OptionSet, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)

    /// The attribute names as written in theme files, in file order.
    public static let named: [(name: String, attribute: TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse),
    ]

    public var description: String {
        let names = Self.named.filter { contains($0.attribute) }.map(\.name)
        return names.isEmpty ? "plain" : names.joined(separator: "+")
    }
}
