/// A request id such as `req_01j9x…`: unique, sortable by creation time, safe in URLs and logs.
public struct RequestID: Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// A new id: 48 bits of milliseconds since the epoch and 64 random bits, in Crockford base32.
    public static func make(nowMilliseconds: UInt64) -> RequestID {
        RequestID(rawValue: "req_" + base32(nowMilliseconds, digits: 10) + base32(FastRandom.next(), digits: 13))
    }

    public var description: String { rawValue }

    private static let alphabet = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)

    private static func base32(_ value: UInt64, digits: Int) -> String {
        var bytes = [UInt8](repeating: 0, count: digits)
        var rest = value
        for index in stride(from: digits - 1, through: 0, by: -1) {
            bytes[index] = alphabet[Int(rest & 31)]
            rest >>= 5
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
