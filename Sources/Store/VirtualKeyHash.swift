import Crypto
import Foundation

/// The SHA-256 of a virtual key's secret, as lowercase hex: the only form in which the store keeps a key.
public struct VirtualKeyHash: Sendable, Hashable, CustomStringConvertible {
    public let hex: String

    /// Accepts exactly 64 lowercase hex digits.
    public init?(hex: String) {
        guard hex.utf8.count == 64, hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else { return nil }
        self.hex = hex
    }

    /// The hash of a presented secret (`sk-sb-…`), as the gateway computes it from a request header.
    public init(secret: String) {
        hex = SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares this hash with a stored one in constant time.
    public func matches(_ stored: String) -> Bool {
        Self.constantTimeEquals(hex, stored)
    }

    /// Equal strings, compared in time that depends only on their lengths: swift-crypto's
    /// `SymmetricKey` equality is its constant-time byte comparison.
    public static func constantTimeEquals(_ lhs: String, _ rhs: String) -> Bool {
        SymmetricKey(data: Data(lhs.utf8)) == SymmetricKey(data: Data(rhs.utf8))
    }

    /// Enough to correlate log lines, never enough to matter.
    public var description: String { "sha256:" + hex.prefix(8) + "…" }
}
