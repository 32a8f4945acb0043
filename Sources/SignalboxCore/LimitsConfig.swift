/// The `limits:` section: rate limits and budgets that are not a single key's (those live with the
/// key in the store), and how token use is estimated before a request is sent.
public struct LimitsConfig: Sendable, Hashable {
    /// Completion tokens assumed for a request that sets neither `max_completion_tokens` nor
    /// `max_tokens` (reserved against token limits and budgets, settled to the actual usage).
    public var completionEstimateTokens: Int
    /// The whole gateway's spending cap.
    public var budget: BudgetPolicy?
    /// Limits shared by every key of a team (`--team` on the key).
    public var teams: [TeamPolicy]

    public init(completionEstimateTokens: Int = 256, budget: BudgetPolicy? = nil, teams: [TeamPolicy] = []) {
        self.completionEstimateTokens = completionEstimateTokens
        self.budget = budget
        self.teams = teams
    }

    public func team(_ id: String) -> TeamPolicy? { teams.first { $0.id == id } }
}

/// One team's shared rate limits and budget.
public struct TeamPolicy: Sendable, Hashable {
    public var id: String
    public var limits: RateLimits
    public var budget: BudgetPolicy?

    public init(id: String, limits: RateLimits = RateLimits(), budget: BudgetPolicy? = nil) {
        self.id = id
        self.limits = limits
        self.budget = budget
    }
}
