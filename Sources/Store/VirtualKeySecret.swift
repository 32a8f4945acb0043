import SignalboxCore

/// Makes virtual key secrets: `sk-sb-` followed by 32 base62 characters (about 190 bits) from the
/// system's cryptographic generator.
enum VirtualKeySecret {
    static let scheme = "sk-sb-"
    static let randomLength = 32
    /// Characters of the random part shown in lists (`sk-sb-AbCd`).
    static let visibleLength = 4
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")

    static func generate() -> Secret {
        var generator = SystemRandomNumberGenerator()
        return generate(using: &generator)
    }

    static func generate(using generator: inout some RandomNumberGenerator) -> Secret {
        // `Int.random(in:using:)` is unbiased (rejection sampling), so every character is uniform.
        let random = (0..<randomLength).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
        return Secret(scheme + String(random))
    }

    static func displayPrefix(of secret: Secret) -> String {
        String(secret.reveal().prefix(scheme.count + visibleLength))
    }
}
