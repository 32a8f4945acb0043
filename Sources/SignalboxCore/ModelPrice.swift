public import Foundation

/// What one provider model costs, in US dollars. Token prices are per million tokens, as vendors
/// publish them. Amounts are `Decimal` so that prices such as $0.075 and sums of many requests
/// stay exact (a `Double` would drift).
public struct ModelPrice: Sendable, Hashable {
    public var inputPerMTok: Decimal
    public var outputPerMTok: Decimal
    /// Prompt tokens served from the provider's cache; nil: billed as ordinary input.
    public var cachedInputPerMTok: Decimal?
    /// Reasoning (thinking) tokens; nil: billed as output, which is what every vendor in the
    /// built-in catalog does.
    public var reasoningPerMTok: Decimal?
    /// A fixed fee per request, on top of the tokens.
    public var perRequest: Decimal

    public init(
        inputPerMTok: Decimal, outputPerMTok: Decimal, cachedInputPerMTok: Decimal? = nil, reasoningPerMTok: Decimal? = nil,
        perRequest: Decimal = 0
    ) {
        self.inputPerMTok = inputPerMTok
        self.outputPerMTok = outputPerMTok
        self.cachedInputPerMTok = cachedInputPerMTok
        self.reasoningPerMTok = reasoningPerMTok
        self.perRequest = perRequest
    }

    /// The price `strategy: cost` ranks targets by: the mean of the input and output prices per
    /// million tokens, a blend that treats a request as reading and writing about as much.
    public var blendedPerMTok: Double {
        NSDecimalNumber(decimal: (inputPerMTok + outputPerMTok) / 2).doubleValue
    }
}
