import Foundation
import SignalboxCore
import Testing

@Suite("Price catalog")
struct PriceCatalogTests {
    static func usd(_ text: String) -> Decimal { Decimal(string: text)! }

    /// A small catalog with an OpenAI entry, for the fallbacks the built-in table has no data for.
    let catalog = PriceCatalog([
        .openai: ["gpt-4o": ModelPrice(inputPerMTok: usd("2.5"), outputPerMTok: usd("10"), cachedInputPerMTok: usd("1.25"))],
        .xai: ["grok-4-1-fast-reasoning": ModelPrice(inputPerMTok: usd("0.2"), outputPerMTok: usd("0.5"))],
    ])

    @Test("built-in prices are the vendors' list prices, matched by exact id")
    func exact() throws {
        let sonnet = try #require(PriceCatalog.builtIn.price(vendor: .anthropic, model: "claude-sonnet-4-5"))
        #expect(sonnet.inputPerMTok == Self.usd("3"))
        #expect(sonnet.outputPerMTok == Self.usd("15"))
        #expect(sonnet.cachedInputPerMTok == Self.usd("0.30"))
        let haiku3 = try #require(PriceCatalog.builtIn.price(vendor: .anthropic, model: "claude-3-haiku"))
        #expect(haiku3.inputPerMTok == Self.usd("0.25"))
        #expect(haiku3.cachedInputPerMTok == Self.usd("0.03"))
        let grok = try #require(PriceCatalog.builtIn.price(vendor: .xai, model: "grok-4.20-0309-reasoning"))
        #expect(grok.outputPerMTok == Self.usd("6"))
        #expect(grok.reasoningPerMTok == nil)
    }

    @Test(
        "dated snapshots and -latest find their base model",
        arguments: [
            ("claude-sonnet-4-5-20250929", "claude-sonnet-4-5"), ("claude-3-5-haiku-20241022", "claude-3-5-haiku"),
            ("claude-opus-4-20250514", "claude-opus-4"), ("claude-3-7-sonnet-latest", "claude-3-7-sonnet"),
        ])
    func snapshot(model: String, base: String) throws {
        let price = try #require(PriceCatalog.builtIn.price(vendor: .anthropic, model: model))
        #expect(price == PriceCatalog.builtIn.price(vendor: .anthropic, model: base))
        #expect(catalog.price(vendor: .openai, model: "gpt-4o-2024-08-06")?.inputPerMTok == Self.usd("2.5"))
    }

    @Test("snapshot stripping leaves versions and mid-id dates alone")
    func snapshotBase() {
        #expect(PriceCatalog.snapshotBase(of: "gpt-4o-2024-08-06") == "gpt-4o")
        #expect(PriceCatalog.snapshotBase(of: "claude-opus-4-1-20250805") == "claude-opus-4-1")
        #expect(PriceCatalog.snapshotBase(of: "claude-opus-4-1") == nil)
        #expect(PriceCatalog.snapshotBase(of: "grok-4.20-0309-reasoning") == nil)
        #expect(PriceCatalog.snapshotBase(of: "mistral-large-latest") == "mistral-large")
    }

    @Test("unknown models have no price", arguments: ["claude-sonnet-9", "claude-opus-4-1-2025", "grok-4", "", "claude"])
    func unknown(model: String) {
        #expect(PriceCatalog.builtIn.price(vendor: .anthropic, model: model) == nil)
        #expect(PriceCatalog.builtIn.price(vendor: .xai, model: model) == nil)
        #expect(catalog.price(vendor: .openai, model: model) == nil)
    }

    @Test("azure uses OpenAI's list; openai-compatible uses its preset vendor's list or any vendor's")
    func providerFallbacks() {
        let azure = ProviderConfig(id: "az", kind: .azure, baseURL: "https://x.openai.azure.com/openai")
        #expect(catalog.price(provider: azure, model: "gpt-4o")?.outputPerMTok == Self.usd("10"))
        let xai = ProviderConfig(id: "x", kind: .openaiCompatible, baseURL: "https://api.x.ai/v1")
        #expect(PriceCatalog.vendor(of: xai) == .xai)
        #expect(catalog.price(provider: xai, model: "grok-4-1-fast-reasoning") != nil)
        #expect(catalog.price(provider: xai, model: "gpt-4o") == nil)  // xAI does not sell gpt-4o
        let local = ProviderConfig(id: "local", kind: .openaiCompatible, baseURL: "http://127.0.0.1:9999/v1")
        #expect(PriceCatalog.vendor(of: local) == nil)
        #expect(catalog.price(provider: local, model: "gpt-4o-2024-08-06")?.inputPerMTok == Self.usd("2.5"))
        #expect(catalog.price(provider: local, model: "my-finetune") == nil)
        let anthropic = ProviderConfig(id: "claude", kind: .anthropic, baseURL: "https://api.anthropic.com/v1")
        #expect(catalog.price(provider: anthropic, model: "gpt-4o") == nil)
    }

    @Test("overrides: provider id beats kind beats catalog; a dated model matches an override of its base")
    func overridePrecedence() {
        let provider = ProviderConfig(id: "openai-main", kind: .openai, baseURL: "https://api.openai.com/v1")
        let other = ProviderConfig(id: "openai-eu", kind: .openai, baseURL: "https://eu.example.test/v1")
        let byKind = PriceOverride(scope: .kind(.openai), model: "gpt-4o", price: ModelPrice(inputPerMTok: 2, outputPerMTok: 8))
        let byID = PriceOverride(scope: .provider("openai-main"), model: "gpt-4o", price: ModelPrice(inputPerMTok: 1, outputPerMTok: 4))
        let overrides = [byKind, byID]
        #expect(catalog.price(provider: provider, model: "gpt-4o", overrides: overrides) == byID.price)
        #expect(catalog.price(provider: provider, model: "gpt-4o-2024-08-06", overrides: overrides) == byID.price)
        #expect(catalog.price(provider: other, model: "gpt-4o", overrides: overrides) == byKind.price)
        #expect(catalog.price(provider: other, model: "gpt-4o", overrides: [])?.inputPerMTok == Self.usd("2.5"))
        #expect(catalog.price(provider: other, model: "o9", overrides: overrides) == nil)
    }

    @Test("the cost strategy's blend is the mean of input and output per million tokens")
    func blend() {
        #expect(ModelPrice(inputPerMTok: 3, outputPerMTok: 15).blendedPerMTok == 9)
        #expect(PriceCatalog.builtIn.price(vendor: .anthropic, model: "claude-3-haiku")?.blendedPerMTok == 0.75)
    }
}
