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

    /// The same price in whole pico-dollars per token (and per request) when every part has at
    /// most six decimals per million tokens, as catalog prices do: then `usd(_:)` is exact integer
    /// arithmetic. Nil for a price finer than that, which `Cost` prices instead.
    public var picos: PicoRates?

    public init(_ price: ModelPrice) {
        func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
        picos = PicoRates(price)
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

extension PriceRates {
    /// Pico-dollars (10⁻¹² $) per token and per request.
    public struct PicoRates: Sendable, Hashable {
        var input: Int64
        var cachedInput: Int64
        var output: Int64
        var reasoning: Int64
        var perRequest: Int64

        init?(_ price: ModelPrice) {
            // $X per million tokens is X·10⁶ pico-dollars per token; $X per request is X·10¹².
            func whole(_ value: Decimal, scale: Decimal) -> Int64? {
                let scaled = value * scale
                var rounded = Decimal()
                var source = scaled
                NSDecimalRound(&rounded, &source, 0, .plain)
                guard rounded == scaled, rounded >= 0, rounded < 1_000_000_000_000_000 else { return nil }
                return Int64(exactly: NSDecimalNumber(decimal: rounded).int64Value)
            }
            guard let input = whole(price.inputPerMTok, scale: 1_000_000),
                let cachedInput = whole(price.cachedInputPerMTok ?? price.inputPerMTok, scale: 1_000_000),
                let output = whole(price.outputPerMTok, scale: 1_000_000),
                let reasoning = whole(price.reasoningPerMTok ?? price.outputPerMTok, scale: 1_000_000),
                let perRequest = whole(price.perRequest, scale: 1_000_000_000_000)
            else { return nil }
            self.input = input
            self.cachedInput = cachedInput
            self.output = output
            self.reasoning = reasoning
            self.perRequest = perRequest
        }

        /// The cost of `usage` in pico-dollars, split as `Cost` splits it; nil on overflow.
        func total(_ usage: Usage) -> Int64? {
            let prompt = Int64(max(0, usage.promptTokens))
            let cached = min(prompt, Int64(max(0, usage.promptTokensDetails?.cachedTokens ?? 0)))
            let completion = Int64(max(0, usage.completionTokens))
            let reasoningTokens = min(completion, Int64(max(0, usage.completionTokensDetails?.reasoningTokens ?? 0)))
            var sum = perRequest
            for (tokens, rate) in [(prompt - cached, input), (cached, cachedInput), (completion - reasoningTokens, output), (reasoningTokens, reasoning)] {
                let (part, overflowPart) = tokens.multipliedReportingOverflow(by: rate)
                let (next, overflowSum) = sum.addingReportingOverflow(part)
                guard !overflowPart, !overflowSum else { return nil }
                sum = next
            }
            return sum
        }
    }

    /// The exact cost of `usage` in dollars, by integer arithmetic on pico-dollars (no `Decimal`
    /// division on the hot path); nil when the price is finer than pico-dollars per token or the
    /// sum overflows, and `Cost` has to price it.
    /// `usd(_:)` as text, formatted from the integer (as `Decimal` prints it: no exponent, no
    /// trailing zeros) — for `x-signalbox-cost-usd` without `Decimal`'s formatting per request.
    public func usdText(_ usage: Usage) -> String? {
        guard let picos = picos?.total(usage) else { return nil }
        let whole = picos / 1_000_000_000_000
        var fraction = picos % 1_000_000_000_000
        guard fraction != 0 else { return String(whole) }
        var digits = 12
        while fraction % 10 == 0 {
            fraction /= 10
            digits -= 1
        }
        let text = String(fraction)
        return "\(whole)." + String(repeating: "0", count: digits - text.count) + text
    }

    public func usd(_ usage: Usage) -> Decimal? {
        guard var picos = picos?.total(usage) else { return nil }
        var exponent = -12
        while picos != 0, picos % 10 == 0, exponent < 0 {
            picos /= 10
            exponent += 1
        }
        if picos == 0 { return 0 }
        return Decimal(sign: .plus, exponent: exponent, significand: Decimal(UInt64(picos)))
    }
}
