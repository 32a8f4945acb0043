import Crypto
import SignalboxCore

/// The SHA-256 of a presented secret as four words: the auth table's key (hashing and comparing
/// 32 bytes instead of 64 hex characters) with a constant-time comparison. The store keeps the
/// same hash as lowercase hex (`VirtualKeyCredential.hashHex`).
struct SecretDigest: Hashable, Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64)

    init(hashing secret: String) {
        var secret = secret
        let digest = secret.withUTF8 { SHA256.hash(data: UnsafeRawBufferPointer($0)) }
        words = digest.withUnsafeBytes(Self.words)
    }

    /// From 64 hex digits (either case); nil for anything else.
    init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes = [UInt8](repeating: 0, count: 32)
        for index in 0..<32 {
            guard let high = digits[2 * index].hexDigitValue, let low = digits[2 * index + 1].hexDigitValue else { return nil }
            bytes[index] = high << 4 | low
        }
        words = bytes.withUnsafeBytes(Self.words)
    }

    /// The 32 bytes at `raw` as four words.
    private static func words(_ raw: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64, UInt64) {
        (
            raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
            raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 24, as: UInt64.self)
        )
    }

    /// Equal digests, in time that does not depend on where they differ.
    func constantTimeEquals(_ other: SecretDigest) -> Bool {
        ((words.0 ^ other.words.0) | (words.1 ^ other.words.1) | (words.2 ^ other.words.2) | (words.3 ^ other.words.3)) == 0
    }

    static func == (lhs: SecretDigest, rhs: SecretDigest) -> Bool { lhs.constantTimeEquals(rhs) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(words.0)
        hasher.combine(words.1)
        hasher.combine(words.2)
        hasher.combine(words.3)
    }
}
