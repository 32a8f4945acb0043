public import Foundation

/// What one finished request consumed, written off the hot path through `StoreWriter`.
public struct UsageRecord: Sendable, Hashable {
    public var time: Date
    public var requestID: String
    /// The virtual key's id; nil until requests are authenticated.
    public var keyID: String?
    public var route: String
    public var provider: String
    public var model: String
    public var status: Int
    public var promptTokens: Int
    public var completionTokens: Int
    public var cachedTokens: Int
    public var reasoningTokens: Int
    /// USD × 1,000,000 (integer, so sums do not drift); nil when the price is unknown.
    public var costMicros: Int64?
    /// The `UsageJournal` generation the record was journaled in (not stored).
    public var journalGeneration: Int?

    public init(
        time: Date, requestID: String, keyID: String?, route: String, provider: String, model: String, status: Int,
        promptTokens: Int, completionTokens: Int, cachedTokens: Int = 0, reasoningTokens: Int = 0, costMicros: Int64? = nil
    ) {
        self.time = time
        self.requestID = requestID
        self.keyID = keyID
        self.route = route
        self.provider = provider
        self.model = model
        self.status = status
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.cachedTokens = cachedTokens
        self.reasoningTokens = reasoningTokens
        self.costMicros = costMicros
    }
}
