public import Foundation

/// One secret that authenticates a virtual key, as the gateway's auth cache holds it: the SHA-256
/// of the secret (lowercase hex), the key, and until when this secret counts (a rotated key's
/// previous secret, within its grace period).
public struct VirtualKeyCredential: Sendable, Hashable {
    public var hashHex: String
    public var key: VirtualKey
    public var validUntil: Date?

    public init(hashHex: String, key: VirtualKey, validUntil: Date? = nil) {
        self.hashHex = hashHex
        self.key = key
        self.validUntil = validUntil
    }
}

/// Where the gateway reads the virtual keys it accepts (the store), off the hot path: every
/// credential that may be usable, revoked keys left out.
public protocol VirtualKeyDirectory: Sendable {
    func credentials() async throws -> [VirtualKeyCredential]
}
