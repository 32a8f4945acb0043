import Testing

@testable import SignalboxCore

@Suite("Did-you-mean suggestions")
struct ConfigSuggestionTests {
    @Test(arguments: [
        ("theme", "theme", 0), ("tehme", "theme", 1), ("base_ur", "base_url", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("abc", "", 3),
        ("ca", "abc", 3),
    ])
    func editDistance(lhs: String, rhs: String, distance: Int) {
        #expect(lhs.editDistance(to: rhs) == distance)
        #expect(rhs.editDistance(to: lhs) == distance)
    }

    @Test func suggestsNearMissesOnly() {
        #expect(ConfigDecoder.closest(to: "provders", among: ConfigLoader.sections) == "providers")
        #expect(ConfigDecoder.closest(to: "circuit-breaker", among: ConfigLoader.sections) == "circuit_breaker", "- and _ are interchangeable")
        #expect(ConfigDecoder.closest(to: "BASE_URL", among: ConfigLoader.providerKeys) == "base_url", "case is ignored")
        #expect(ConfigDecoder.closest(to: "opnai", among: ProviderKind.allCases.map(\.rawValue)) == "openai")
        #expect(ConfigDecoder.closest(to: "jitter", among: ["max_attempts", "backoff_ms", "max_backoff_ms"]) == nil)
        #expect(ConfigDecoder.closest(to: "x", among: []) == nil)
    }
}
