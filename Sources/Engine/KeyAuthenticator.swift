import Crypto
import Foundation
public import SignalboxCore
import Synchronization

/// The gateway's in-memory view of the virtual keys it accepts (`server.auth: virtual_keys`):
/// credentials by the SHA-256 of their secret, loaded from the store and replaced wholesale by a
/// periodic reload. A request costs one hash of the presented secret and one dictionary lookup
/// keyed by the digest, whose comparison is constant-time — no SQL on the hot path.
public final class KeyAuthenticator: Sendable {
    private let credentials = Mutex<[SecretDigest: VirtualKeyCredential]>([:])

    public init() {}

    /// Replaces the accepted credentials (keys created, revoked or rotated since the last load).
    public func replace(with list: [VirtualKeyCredential]) {
        var table: [SecretDigest: VirtualKeyCredential] = [:]
        table.reserveCapacity(list.count)
        for credential in list {
            guard let digest = SecretDigest(hex: credential.hashHex) else { continue }
            table[digest] = credential
        }
        credentials.withLock { $0 = table }
    }

    public var count: Int { credentials.withLock { $0.count } }

    /// The virtual key behind `Authorization: Bearer …` or `x-api-key: …`; a 401 when the key is
    /// missing, unknown, revoked, disabled or expired (the message says which, never the secret).
    func authenticate(_ headers: [HTTPField], now: Date = Date()) throws(GatewayError) -> VirtualKey {
        guard let secret = Self.presentedSecret(headers) else {
            throw .unauthorized(
                "Missing API key: send a Signalbox virtual key as 'Authorization: Bearer sk-sb-…' (or 'x-api-key').")
        }
        let digest = SecretDigest(hashing: secret)
        // The table's key comparison is SecretDigest's constant-time one.
        guard let credential = credentials.withLock({ $0[digest] }) else {
            throw .unauthorized("Incorrect API key provided: it is not a virtual key of this gateway.")
        }
        if let until = credential.validUntil, until <= now {
            throw .unauthorized("This key's previous secret expired with its rotation grace period; use the new secret.")
        }
        if let refusal = credential.key.refusal(at: now) {
            throw .unauthorized("Virtual key \(credential.key.id) is \(refusal.rawValue).")
        }
        return credential.key
    }

    /// The virtual key `id` for a replay from the request log (the log keeps the id, never the
    /// secret): a 401 when it is gone, revoked, disabled or expired, as for a presented secret.
    func authenticate(keyID id: String, now: Date = Date()) throws(GatewayError) -> VirtualKey {
        guard let credential = credentials.withLock({ $0.values.first { $0.key.id == id } }) else {
            throw .unauthorized("Virtual key \(id) is no longer a key of this gateway.")
        }
        if let refusal = credential.key.refusal(at: now) {
            throw .unauthorized("Virtual key \(credential.key.id) is \(refusal.rawValue).")
        }
        return credential.key
    }

    /// A 403 when `key` may not call `model` (a route name, or `provider/model`).
    func authorize(_ key: VirtualKey, model: String) throws(GatewayError) {
        guard key.allows(route: model) else {
            throw .forbidden(
                "Virtual key \(key.id) may not call '\(model)'; it may call: \(key.allowedRoutes.joined(separator: ", ")).")
        }
    }

    public static func presentedSecret(_ headers: [HTTPField]) -> String? {
        if let authorization = headers.first("authorization") {
            let value = trimmed(Substring(authorization))
            if value.utf8.count > 7, value.utf8.prefix(7).elementsEqual("bearer ".utf8, by: { (65...90).contains($0) ? $0 | 0x20 == $1 : $0 == $1 }) {
                let token = trimmed(value.dropFirst(7))
                if !token.isEmpty { return String(token) }
            }
        }
        if let apiKey = headers.first("x-api-key").map({ trimmed(Substring($0)) }), !apiKey.isEmpty { return String(apiKey) }
        return nil
    }

    /// Without leading and trailing spaces and tabs (Foundation's trimming costs several µs per
    /// call here, on every request).
    private static func trimmed(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, first == " " || first == "\t" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" { text.removeLast() }
        return text
    }

    /// Lowercase hex SHA-256 of `text`: the form the store keeps key hashes in (its `VirtualKeyHash`)
    /// and `SecretDigest(hex:)` reads; tests hold the two to the same answer.
    public static func sha256Hex(_ text: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(text.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
