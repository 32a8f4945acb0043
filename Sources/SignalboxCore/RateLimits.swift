/// Request and token ceilings for one scope (a virtual key, a key × route, a team); nil: no limit.
/// Each limit replenishes continuously over its window, as OpenAI's own limits do: a key with
/// `rpm: 60` may send a burst of 60 and then one request a second.
public struct RateLimits: Sendable, Hashable, Codable {
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?
    public var requestsPerDay: Int?
    public var tokensPerDay: Int?

    public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, requestsPerDay: Int? = nil, tokensPerDay: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
        self.requestsPerDay = requestsPerDay
        self.tokensPerDay = tokensPerDay
    }

    /// No limit set.
    public var isEmpty: Bool { requestsPerMinute == nil && tokensPerMinute == nil && requestsPerDay == nil && tokensPerDay == nil }

    /// The set limits, one per (unit, window).
    public var ceilings: [RateCeiling] {
        var list: [RateCeiling] = []
        if let requestsPerMinute { list.append(RateCeiling(unit: .requests, window: .minute, limit: requestsPerMinute)) }
        if let tokensPerMinute { list.append(RateCeiling(unit: .tokens, window: .minute, limit: tokensPerMinute)) }
        if let requestsPerDay { list.append(RateCeiling(unit: .requests, window: .day, limit: requestsPerDay)) }
        if let tokensPerDay { list.append(RateCeiling(unit: .tokens, window: .day, limit: tokensPerDay)) }
        return list
    }

    enum CodingKeys: String, CodingKey {
        case requestsPerMinute = "rpm"
        case tokensPerMinute = "tpm"
        case requestsPerDay = "rpd"
        case tokensPerDay = "tpd"
    }
}

/// One limit: so many requests or tokens per minute or per day.
public struct RateCeiling: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable {
        case requests, tokens
    }

    public enum Window: String, Sendable, Hashable {
        case minute, day

        public var nanoseconds: UInt64 {
            switch self {
            case .minute: 60_000_000_000
            case .day: 86_400_000_000_000
            }
        }
    }

    public var unit: Unit
    public var window: Window
    public var limit: Int

    public init(unit: Unit, window: Window, limit: Int) {
        self.unit = unit
        self.window = window
        self.limit = limit
    }

    /// `rpm`, `tpm`, `rpd`, `tpd`: the config's and the CLI's name for it.
    public var shortName: String {
        (unit == .requests ? "r" : "t") + "p" + (window == .minute ? "m" : "d")
    }
}
