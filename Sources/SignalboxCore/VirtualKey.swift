public import Foundation

/// A virtual key as the gateway sees it: who it belongs to, what it may call, and whether it is usable.
/// Never holds the secret or its hash; the store keeps the hash, the caller holds the secret.
public struct VirtualKey: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// The first characters of the secret (`sk-sb-AbCd`), enough to tell keys apart in a list.
    public var prefix: String
    public var owner: String?
    public var team: String?
    /// Route names this key may call; empty means every route.
    public var allowedRoutes: [String]
    public var expiresAt: Date?
    public var metadata: [String: JSONValue]
    public var enabled: Bool
    public var createdAt: Date
    public var revokedAt: Date?
    /// The key's own rate limits, and limits per route (or `provider/model`) it calls.
    public var limits: RateLimits
    public var routeLimits: [String: RateLimits]
    /// The key's spending cap, if any.
    public var budget: BudgetPolicy?

    public init(
        id: String, name: String, prefix: String, owner: String? = nil, team: String? = nil, allowedRoutes: [String] = [],
        expiresAt: Date? = nil, metadata: [String: JSONValue] = [:], enabled: Bool = true, createdAt: Date, revokedAt: Date? = nil,
        limits: RateLimits = RateLimits(), routeLimits: [String: RateLimits] = [:], budget: BudgetPolicy? = nil
    ) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.owner = owner
        self.team = team
        self.allowedRoutes = allowedRoutes
        self.expiresAt = expiresAt
        self.metadata = metadata
        self.enabled = enabled
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.limits = limits
        self.routeLimits = routeLimits
        self.budget = budget
    }

    /// Whether any rate limit applies to this key.
    public var hasRateLimits: Bool { !limits.isEmpty || routeLimits.values.contains { !$0.isEmpty } }

    /// Why a key cannot be used at `now`, or nil when it can.
    public func refusal(at now: Date) -> VirtualKey.Refusal? {
        if revokedAt != nil { return .revoked }
        if !enabled { return .disabled }
        if let expiresAt, expiresAt <= now { return .expired }
        return nil
    }

    /// Whether this key may call `route` (a route name or `provider/model`).
    public func allows(route: String) -> Bool {
        allowedRoutes.isEmpty || allowedRoutes.contains(route)
    }

    public enum Refusal: String, Sendable, Hashable {
        case revoked, disabled, expired
    }
}
