/// Sums over usage records (one key, one time window).
public struct UsageTotals: Sendable, Hashable {
    public var requests: Int
    public var promptTokens: Int
    public var completionTokens: Int
    public var costMicros: Int64

    public init(requests: Int = 0, promptTokens: Int = 0, completionTokens: Int = 0, costMicros: Int64 = 0) {
        self.requests = requests
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.costMicros = costMicros
    }
}
