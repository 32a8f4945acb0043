import Foundation
import SignalboxCore
import Testing

@Suite("Pricing config")
struct PricingConfigTests {
    static func usd(_ text: String) -> Decimal { Decimal(string: text)! }

    @Test("overrides by provider id and by kind, with optional fields")
    func parses() throws {
        let config = try parseConfig(
            openAIProviderYAML + """

                pricing:
                  - { provider: openai-main, model: gpt-4o, input_per_mtok: 2.5, output_per_mtok: 10, cached_input_per_mtok: 1.25 }
                  - kind: anthropic
                    model: claude-sonnet-4-5
                    input_per_mtok: "${SONNET_IN:-3}"
                    output_per_mtok: 15
                    reasoning_per_mtok: 15
                    per_request: 0.001
                """)
        #expect(config.pricing.count == 2)
        let first = config.pricing[0]
        #expect(first.scope == .provider("openai-main"))
        #expect(first.model == "gpt-4o")
        #expect(first.price == ModelPrice(inputPerMTok: Self.usd("2.5"), outputPerMTok: 10, cachedInputPerMTok: Self.usd("1.25")))
        let second = config.pricing[1]
        #expect(second.scope == .kind(.anthropic))
        #expect(second.price.inputPerMTok == 3)
        #expect(second.price.reasoningPerMTok == 15)
        #expect(second.price.perRequest == Self.usd("0.001"))
        #expect(second.price.cachedInputPerMTok == nil)
    }

    @Test("prices stay exact decimals")
    func exactDecimals() throws {
        let config = try parseConfig(
            openAIProviderYAML + "\npricing: [ { provider: openai-main, model: m, input_per_mtok: 0.075, output_per_mtok: 0.3 } ]")
        #expect(config.pricing.first?.price.inputPerMTok == Self.usd("0.075"))
        #expect("\(config.pricing.first!.price.outputPerMTok)" == "0.3")
    }

    @Test("no pricing section: no overrides")
    func absent() throws {
        #expect(try parseConfig(openAIProviderYAML).pricing.isEmpty)
    }

    @Test(
        "invalid entries are reported with their position, key path and a hint",
        arguments: [
            // (pricing line 7, expected key path, message fragment, hint fragment)
            (
                "  - { provider: openai-main, model: m, input_per_mtok: -1, output_per_mtok: 1 }", "pricing[0].input_per_mtok", "out of range",
                "per million"
            ),
            (
                "  - { provider: openai-main, model: m, input_per_mtok: cheap, output_per_mtok: 1 }", "pricing[0].input_per_mtok",
                "expected a number", "per million"
            ),
            (
                "  - { provider: openai-mian, model: m, input_per_mtok: 1, output_per_mtok: 1 }", "pricing[0].provider", "is not defined",
                "did you mean 'openai-main'?"
            ),
            (
                "  - { provider: openai-main, model: m, input_per_mtok: 1, output_per_mtok: 1, cache: 1 }", "pricing[0].cache", "unknown key 'cache'",
                "allowed keys"
            ),
            (
                "  - { provider: openai-main, model: m, input: 1, output_per_mtok: 1 }", "pricing[0].input", "unknown key 'input'",
                "did you mean 'input_per_mtok'?"
            ),
            ("  - { provider: openai-main, model: m, output_per_mtok: 1 }", "pricing[0].input_per_mtok", "missing required key", "per million"),
            ("  - { model: m, input_per_mtok: 1, output_per_mtok: 1 }", "pricing[0].provider", "missing required key", "kind: openai"),
            ("  - { provider: openai-main, kind: openai, model: m, input_per_mtok: 1, output_per_mtok: 1 }", "pricing[0]", "not both", "kind: KIND"),
            ("  - { kind: openia, model: m, input_per_mtok: 1, output_per_mtok: 1 }", "pricing[0].kind", "expected one of", "did you mean 'openai'?"),
            (
                "  - { provider: openai-main, model: m, input_per_mtok: 1, output_per_mtok: 1, per_request: -0.5 }", "pricing[0].per_request",
                "out of range", "per request"
            ),
            (
                "  - { provider: openai-main, model: m, input_per_mtok: 1, output_per_mtok: [1] }", "pricing[0].output_per_mtok", "expected a number",
                nil
            ),
            ("  - { provider: openai-main, input_per_mtok: 1, output_per_mtok: 1 }", "pricing[0].model", "missing required key", "model id"),
        ] as [(String, String, String, String?)])
    func invalid(entry: String, keyPath: String, message: String, hint: String?) throws {
        let errors = configErrors(openAIProviderYAML + "\npricing:\n" + entry)
        let error = try #require(errors.first, "no error for \(entry)")
        #expect(errors.count == 1, "\(errors)")
        #expect(error.keyPath == keyPath)
        #expect(error.message.contains(message), "\(error.message)")
        if let hint { #expect(error.hint?.contains(hint) == true, "\(error.hint ?? "no hint")") }
        #expect(error.line == 7)
        #expect(error.column != nil)
    }

    @Test("a second price for the same provider and model is a duplicate")
    func duplicate() throws {
        let errors = configErrors(
            openAIProviderYAML + """

                pricing:
                  - { provider: openai-main, model: m, input_per_mtok: 1, output_per_mtok: 1 }
                  - { provider: openai-main, model: m, input_per_mtok: 2, output_per_mtok: 2 }
                  - { kind: openai, model: m, input_per_mtok: 3, output_per_mtok: 3 }
                """)
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.keyPath == "pricing[1].model")
        #expect(error.line == 8)
        #expect(error.hint == "the first one is at line 7")
    }

    @Test("pricing must be a list; 'prices' is suggested as 'pricing'")
    func shape() throws {
        let notList = try #require(configErrors(openAIProviderYAML + "\npricing: { model: m }").first)
        #expect(notList.message.contains("expected a list"))
        let misspelt = try #require(configErrors(openAIProviderYAML + "\nprices: []").first)
        #expect(misspelt.hint == "did you mean 'pricing'?")
    }
}
