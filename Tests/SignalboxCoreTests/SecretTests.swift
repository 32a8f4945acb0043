import SignalboxCore
import Testing

@Suite("Secret")
struct SecretTests {
    @Test(arguments: [
        ("", ""),
        ("abc", "****"),
        ("12345678901", "****"),
        ("abcdefghijkl", "ab…ijkl"),
        ("sk-proj-0123456789abcd", "sk-…abcd"),
        ("AKIAIOSFODNN7EXAMPLE", "AK…MPLE"),
    ])
    func masks(value: String, masked: String) {
        #expect(Secret(value).masked == masked)
        #expect(Secret.mask(value) == masked)
    }

    @Test func neverPrintsTheValue() {
        let secret = Secret("sk-live-0123456789abcdef")
        #expect(secret.description == "sk-…cdef")
        #expect(secret.debugDescription == "Secret(sk-…cdef)")
        #expect("\(secret)" == "sk-…cdef")
        #expect(!String(reflecting: [secret]).contains("0123456789"))
        #expect(secret.reveal() == "sk-live-0123456789abcdef")
    }

    @Test func emptiness() {
        #expect(Secret("").isEmpty)
        #expect(!Secret("x").isEmpty)
    }
}
