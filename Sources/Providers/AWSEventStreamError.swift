/// Bytes that are not a valid AWS event stream.
public struct AWSEventStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case preludeChecksum, messageChecksum, badLength, badHeader, truncated
    }

    private let code: Code
    public let description: String

    private init(_ code: Code, _ description: String) {
        self.code = code
        self.description = description
    }

    static func preludeChecksum(expected: UInt32, actual: UInt32) -> AWSEventStreamError {
        .init(.preludeChecksum, "event stream prelude CRC mismatch (expected \(hex(expected)), computed \(hex(actual)))")
    }

    static func messageChecksum(expected: UInt32, actual: UInt32) -> AWSEventStreamError {
        .init(.messageChecksum, "event stream message CRC mismatch (expected \(hex(expected)), computed \(hex(actual)))")
    }

    static func badLength(total: UInt32, headers: UInt32) -> AWSEventStreamError {
        .init(.badLength, "event stream message lengths are inconsistent (total \(total), headers \(headers))")
    }

    static func badHeader(_ reason: String) -> AWSEventStreamError {
        .init(.badHeader, "event stream header is malformed: \(reason)")
    }

    static func truncated(buffered: Int) -> AWSEventStreamError {
        .init(.truncated, "event stream ended inside a message (\(buffered) bytes buffered)")
    }

    /// Whether a CRC did not match (the bytes were damaged on the way).
    public var isChecksumMismatch: Bool { code == .preludeChecksum || code == .messageChecksum }

    private static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16) }
}
