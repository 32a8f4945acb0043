public import Foundation
public import SignalboxCore

/// What a new virtual key is made from (everything but its id, secret and timestamps).
public struct VirtualKeyDraft: Sendable, Hashable {
    public var name: String
    public var owner: String?
    public var team: String?
    public var allowedRoutes: [String]
    public var expiresAt: Date?
    public var metadata: [String: JSONValue]
    public var limits: RateLimits
    public var routeLimits: [String: RateLimits]
    public var budget: BudgetPolicy?

    public init(
        name: String, owner: String? = nil, team: String? = nil, allowedRoutes: [String] = [], expiresAt: Date? = nil,
        metadata: [String: JSONValue] = [:], limits: RateLimits = RateLimits(), routeLimits: [String: RateLimits] = [:],
        budget: BudgetPolicy? = nil
    ) {
        self.name = name
        self.owner = owner
        self.team = team
        self.allowedRoutes = allowedRoutes
        self.expiresAt = expiresAt
        self.metadata = metadata
        self.limits = limits
        self.routeLimits = routeLimits
        self.budget = budget
    }
}
