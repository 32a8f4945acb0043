import Foundation
import SignalboxCore
import Testing

/// Golden costs, computed by hand (the arithmetic is in each test).
@Suite("Cost math")
struct CostMathTests {
    static func usd(_ text: String) -> Decimal { Decimal(string: text)! }

    static func usage(prompt: Int, cached: Int? = nil, completion: Int, reasoning: Int? = nil) -> Usage {
        var usage = Usage(promptTokens: prompt, completionTokens: completion)
        if let cached { usage.promptTokensDetails = .init(cachedTokens: cached) }
        if let reasoning { usage.completionTokensDetails = .init(reasoningTokens: reasoning) }
        return usage
    }

    @Test("cached prompt tokens are taken out of prompt_tokens and billed at the cache price")
    func cached() throws {
        // claude-sonnet-4-5: $3 in, $0.30 cache hits, $15 out per million.
        // 12,000 prompt tokens of which 10,000 cached; 1,500 completion tokens:
        //   (12,000 - 10,000) × 3 / 1e6 = 0.006
        //   10,000 × 0.30 / 1e6        = 0.003
        //   1,500 × 15 / 1e6           = 0.0225
        //   total                      = 0.0315
        let price = try #require(PriceCatalog.builtIn.price(vendor: .anthropic, model: "claude-sonnet-4-5"))
        let cost = Cost(price: price, usage: Self.usage(prompt: 12_000, cached: 10_000, completion: 1_500))
        #expect(cost.input == Self.usd("0.006"))
        #expect(cost.cachedInput == Self.usd("0.003"))
        #expect(cost.output == Self.usd("0.0225"))
        #expect(cost.total == Self.usd("0.0315"))
    }

    @Test("reasoning tokens default to the output price")
    func reasoningAtOutputPrice() throws {
        // grok-4-1-fast-reasoning: $0.20 in, $0.50 out. 1,000 prompt; 800 completion of which 600 reasoning:
        //   1,000 × 0.20 / 1e6 = 0.0002
        //   200 × 0.50 / 1e6   = 0.0001
        //   600 × 0.50 / 1e6   = 0.0003
        //   total              = 0.0006
        let price = try #require(PriceCatalog.builtIn.price(vendor: .xai, model: "grok-4-1-fast-reasoning"))
        let cost = Cost(price: price, usage: Self.usage(prompt: 1_000, completion: 800, reasoning: 600))
        #expect(cost.output == Self.usd("0.0001"))
        #expect(cost.reasoning == Self.usd("0.0003"))
        #expect(cost.total == Self.usd("0.0006"))
    }

    @Test("every price component, with a per-request fee")
    func everyComponent() {
        // $2.50 in, $1.25 cached, $10 out, $12 reasoning, $0.001 per request.
        // 1,000,000 prompt (400,000 cached); 50,000 completion (20,000 reasoning):
        //   600,000 × 2.50 / 1e6 = 1.5
        //   400,000 × 1.25 / 1e6 = 0.5
        //   30,000 × 10 / 1e6    = 0.3
        //   20,000 × 12 / 1e6    = 0.24
        //   + 0.001              = 2.541
        let price = ModelPrice(
            inputPerMTok: Self.usd("2.50"), outputPerMTok: 10, cachedInputPerMTok: Self.usd("1.25"), reasoningPerMTok: 12,
            perRequest: Self.usd("0.001"))
        let cost = Cost(price: price, usage: Self.usage(prompt: 1_000_000, cached: 400_000, completion: 50_000, reasoning: 20_000))
        #expect(cost.total == Self.usd("2.541"))
        #expect(cost.perRequest == Self.usd("0.001"))
    }

    @Test("without a cache price cached tokens cost what input costs; inconsistent counts are clamped")
    func fallbacksAndClamping() {
        let price = ModelPrice(inputPerMTok: 1, outputPerMTok: 2)
        // 100 × 1 / 1e6 + 10 × 2 / 1e6 = 0.0001 + 0.00002 = 0.00012, however much of the prompt was cached.
        #expect(Cost(price: price, usage: Self.usage(prompt: 100, cached: 40, completion: 10)).total == Self.usd("0.00012"))
        // More cached than prompt tokens, more reasoning than completion tokens: never negative.
        let odd = Cost(price: price, usage: Self.usage(prompt: 10, cached: 50, completion: 5, reasoning: 9))
        #expect(odd.input == 0)
        #expect(odd.output == 0)
        #expect(odd.total == Self.usd("0.00002"))  // 10 × 1 / 1e6 + 5 × 2 / 1e6
    }

    @Test("sums stay exact where a Double drifts")
    func exactSums() {
        // One token at $0.075 per million is 0.000000075; ten of those are 0.00000075 exactly.
        let price = ModelPrice(inputPerMTok: Self.usd("0.075"), outputPerMTok: 0)
        let one = Cost(price: price, usage: Self.usage(prompt: 1, completion: 0)).total
        let sum = (0..<10).reduce(Decimal(0)) { total, _ in total + one }
        #expect(one == Self.usd("0.000000075"))
        #expect(sum == Self.usd("0.00000075"))
        #expect("\(sum)" == "0.00000075")
    }

    @Test("integer pico-dollar pricing equals the Decimal cost for every usage shape, and prints the same")
    func picoDollarsMatchDecimal() throws {
        let prices: [ModelPrice] = [
            ModelPrice(inputPerMTok: Self.usd("2.5"), outputPerMTok: 10),
            ModelPrice(inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: Self.usd("0.30"), reasoningPerMTok: 20, perRequest: Self.usd("0.0004")),
            ModelPrice(inputPerMTok: Self.usd("0.075"), outputPerMTok: Self.usd("0.000001")),
            ModelPrice(inputPerMTok: 0, outputPerMTok: 0),
        ]
        var random = SystemRandomNumberGenerator()
        for price in prices {
            let rates = PriceRates(price)
            #expect(rates.picos != nil)
            for _ in 0..<500 {
                let prompt = Int.random(in: 0...2_000_000, using: &random)
                let completion = Int.random(in: 0...200_000, using: &random)
                let usage = Self.usage(
                    prompt: prompt, cached: Bool.random() ? Int.random(in: 0...prompt + 10, using: &random) : nil, completion: completion,
                    reasoning: Bool.random() ? Int.random(in: 0...completion + 10, using: &random) : nil)
                let exact = Cost(price: price, usage: usage).total
                let fast = try #require(rates.usd(usage))
                #expect(fast == exact, "\(usage)")
                #expect("\(fast)" == "\(exact)", "\(usage)")
                #expect(rates.usdText(usage) == "\(exact)", "\(usage)")
            }
        }
    }

    @Test("a price finer than a pico-dollar per token is left to Decimal")
    func finerThanPicoDollars() {
        let rates = PriceRates(ModelPrice(inputPerMTok: Self.usd("0.0000001"), outputPerMTok: 1))
        #expect(rates.picos == nil)
        #expect(rates.usd(Self.usage(prompt: 10, completion: 10)) == nil)
    }
}
