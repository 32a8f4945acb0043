import Foundation

/// The shipped list prices (USD per million tokens, standard tier: no batch, priority or regional
/// surcharges, no long-context tiers). Each vendor's block names the page it was read from and
/// when. A model is listed only when its price was confirmed on the vendor's own page; override
/// or add prices with the config's `pricing:` section.
///
/// Not listed, because the vendor's current price page could not be read and confirmed when this
/// table was written: OpenAI, Google Gemini / Vertex, Amazon Bedrock, Cohere, Mistral, Groq and
/// DeepSeek (whose page showed several dated price lists). Azure and `openai-compatible`
/// providers fall back to these lists by model id (see `PriceCatalog.price(provider:model:)`).
extension PriceCatalog {
    public static let builtIn = PriceCatalog([
        // https://platform.claude.com/docs/en/about-claude/pricing (also /docs/zh-CN/…), read 2026-11-26.
        // "Cache hits & refreshes" is the cached input price. Cache writes are billed by Anthropic
        // at 1.25× (5 min) or 2× (1 h) the input price; the canonical usage does not separate them
        // from other prompt tokens, so they are priced as input. Sonnet's >200K-token long-context
        // prices are not modelled.
        .anthropic: [
            "claude-opus-4-7": price("5", "25", cached: "0.50"),
            "claude-opus-4-6": price("5", "25", cached: "0.50"),
            "claude-opus-4-5": price("5", "25", cached: "0.50"),
            "claude-opus-4-1": price("15", "75", cached: "1.50"),
            "claude-opus-4": price("15", "75", cached: "1.50"),
            "claude-sonnet-4-6": price("3", "15", cached: "0.30"),
            "claude-sonnet-4-5": price("3", "15", cached: "0.30"),
            "claude-sonnet-4": price("3", "15", cached: "0.30"),
            "claude-3-7-sonnet": price("3", "15", cached: "0.30"),
            "claude-haiku-4-5": price("1", "5", cached: "0.10"),
            "claude-3-5-haiku": price("0.80", "4", cached: "0.08"),
            "claude-3-haiku": price("0.25", "1.25", cached: "0.03"),
        ],
        // https://docs.x.ai/developers/models (the .md rendering of "Models and Pricing"), read
        // 2026-11-26: "Pricing [in (cached in) / out]" per million tokens. Reasoning tokens are
        // billed at the completion rate (same page, "Token Costs").
        .xai: [
            "grok-4.20-0309-reasoning": price("2.00", "6.00", cached: "0.20"),
            "grok-4.20-0309-non-reasoning": price("2.00", "6.00", cached: "0.20"),
            "grok-4.20-multi-agent-0309": price("2.00", "6.00", cached: "0.20"),
            "grok-4-1-fast-reasoning": price("0.20", "0.50", cached: "0.05"),
            "grok-4-1-fast-non-reasoning": price("0.20", "0.50", cached: "0.05"),
        ],
    ])

    /// A price from decimal strings, so that values like 0.075 stay exact (a float literal would not).
    private static func price(_ input: String, _ output: String, cached: String? = nil) -> ModelPrice {
        ModelPrice(inputPerMTok: usd(input), outputPerMTok: usd(output), cachedInputPerMTok: cached.map(usd))
    }

    private static func usd(_ text: String) -> Decimal {
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { preconditionFailure("bad price literal \(text)") }
        return value
    }
}
