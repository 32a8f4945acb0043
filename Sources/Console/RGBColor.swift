import SignalboxCore

/// A 24-bit colour, written `"#rrggbb"` in theme files.
public struct RGBColor: Sendable, Hashable, CustomStringConvertible {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// Parses `#rrggbb` (either case); nil for anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 7, digits[0] == UInt8(ascii: "#") else { return nil }
        var components: [UInt8] = []
        for start in stride(from: 1, to: 7, by: 2) {
            guard let high = digits[start].hexDigitValue, let low = digits[start + 1].hexDigitValue else { return nil }
            components.append(high << 4 | low)
        }
        self.init(red: components[0], green: components[1], blue: components[2])
    }

    public var description: String {
        "#"
            + [red, green, blue].map { byte in
                let text = String(byte, radix: 16)
                return byte < 16 ? "0" + text : text
            }.joined()
    }

    /// As 0xRRGGBB, the colour number of direct-colour terminals.
    public var packed: Int { Int(red) << 16 | Int(green) << 8 | Int(blue) }
}
