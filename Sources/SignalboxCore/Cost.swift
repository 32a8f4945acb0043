public import Foundation

/// What one request cost, from the target's price and the usage the provider reported. Pure and
/// exact: amounts are `Decimal` US dollars.
///
/// OpenAI's usage counts cached prompt tokens inside `prompt_tokens`
/// (`prompt_tokens_details.cached_tokens`) and reasoning tokens inside `completion_tokens`
/// (`completion_tokens_details.reasoning_tokens`), and the adapters translate every provider's
/// usage into that shape; so each part is taken out of its total before the rest is priced.
public struct Cost: Sendable, Hashable {
    /// Prompt tokens not served from the cache.
    public var input: Decimal
    public var cachedInput: Decimal
    /// Completion tokens that are not reasoning tokens.
    public var output: Decimal
    public var reasoning: Decimal
    public var perRequest: Decimal

    public init(price: ModelPrice, usage: Usage) {
        let prompt = max(0, usage.promptTokens)
        let cached = min(prompt, max(0, usage.promptTokensDetails?.cachedTokens ?? 0))
        let completion = max(0, usage.completionTokens)
        let reasoningTokens = min(completion, max(0, usage.completionTokensDetails?.reasoningTokens ?? 0))
        input = Self.amount(prompt - cached, price.inputPerMTok)
        cachedInput = Self.amount(cached, price.cachedInputPerMTok ?? price.inputPerMTok)
        output = Self.amount(completion - reasoningTokens, price.outputPerMTok)
        reasoning = Self.amount(reasoningTokens, price.reasoningPerMTok ?? price.outputPerMTok)
        perRequest = price.perRequest
    }

    public var total: Decimal { input + cachedInput + output + reasoning + perRequest }

    private static func amount(_ tokens: Int, _ perMTok: Decimal) -> Decimal {
        Decimal(tokens) * perMTok / 1_000_000
    }
}
