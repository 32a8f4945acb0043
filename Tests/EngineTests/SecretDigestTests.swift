@testable import Engine
import Testing

@Suite("Secret digests for the auth table")
struct SecretDigestTests {
    @Test("the stored hex hash and the presented secret give the same digest")
    func hexMatchesHashing() throws {
        for secret in ["sk-sb-abc", "sk-sb-xwDZjYDyDC6bo1xbkglx41XwQijdf330", "", "ключ"] {
            let hex = KeyAuthenticator.sha256Hex(secret)
            let stored = try #require(SecretDigest(hex: hex))
            #expect(stored == SecretDigest(hashing: secret))
            #expect(SecretDigest(hex: hex.uppercased()) == stored)
            var table: [SecretDigest: String] = [stored: secret]
            table[SecretDigest(hashing: secret + "x")] = "other"
            #expect(table[SecretDigest(hashing: secret)] == secret)
        }
    }

    @Test("different secrets differ, in every word")
    func differentSecrets() throws {
        let base = KeyAuthenticator.sha256Hex("sk-sb-one")
        let digest = try #require(SecretDigest(hex: base))
        #expect(digest != SecretDigest(hashing: "sk-sb-two"))
        // A digest that differs only in its last (or first) byte is not equal.
        for index in [0, 62] {
            var characters = Array(base)
            characters[index] = characters[index] == "0" ? "1" : "0"
            #expect(try #require(SecretDigest(hex: String(characters))) != digest)
        }
    }

    @Test("anything but 64 hex digits is no digest", arguments: ["", "abc", String(repeating: "g", count: 64), String(repeating: "a", count: 63)])
    func invalidHex(_ text: String) {
        #expect(SecretDigest(hex: text) == nil)
    }
}
