public import Foundation

/// A `ModelPrice` as micro-dollars per token (a price of $X per million tokens is X µ$ per token),
/// in binary floating point: for budgets and usage rows, which count whole micro-dollars, without
/// `Decimal` arithmetic on every request. The exact `Decimal` cost (`Cost`) stays for what a client
/// or operator reads.
public struct PriceRates: Sendable, Hashable {
    public var input: Double
    public var cachedInput: Double
    public var output: Double
    public var reasoning: Double
    /// Micro-dollars per request.
    public var perRequest: Double

    public init(_ price: ModelPrice) {
        func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
        input = double(price.inputPerMTok)
        cachedInput = double(price.cachedInputPerMTok ?? price.inputPerMTok)
        output = double(price.outputPerMTok)
        reasoning = double(price.reasoningPerMTok ?? price.outputPerMTok)
        perRequest = double(price.perRequest * 1_000_000)
    }

    /// The cost of `usage` in whole micro-dollars (rounded to the nearest), split as `Cost` splits it.
    public func micros(_ usage: Usage) -> Int64 {
        let prompt = max(0, usage.promptTokens)
        let cached = min(prompt, max(0, usage.promptTokensDetails?.cachedTokens ?? 0))
        let completion = max(0, usage.completionTokens)
        let reasoningTokens = min(completion, max(0, usage.completionTokensDetails?.reasoningTokens ?? 0))
        let total =
            Double(prompt - cached) * input + Double(cached) * cachedInput + Double(completion - reasoningTokens) * output
            + Double(reasoningTokens) * reasoning + perRequest
        return Int64(total.rounded())
    }

    /// An estimate's cost in micro-dollars (prompt at the input price, completion at the output price).
    public func micros(prompt: Int, completion: Int) -> Int64 {
        Int64((Double(max(0, prompt)) * input + Double(max(0, completion)) * output + perRequest).rounded())
    }
}
