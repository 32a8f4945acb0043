import SignalboxCore

/// `POST /admin/v1/virtual-keys`.
struct AdminCreateVirtualKeyBody: Decodable, Sendable {
    static let fields = ["name", "owner", "team", "allowed_routes", "expires_at", "metadata"] + AdminGovernanceBody.fields

    var name: String
    var owner: String?
    var team: String?
    var allowedRoutes: [String]?
    /// RFC 3339, e.g. `2026-01-31T00:00:00Z`.
    var expiresAt: String?
    var metadata: [String: JSONValue]?
    var limits: RateLimits?
    var routeLimits: [String: RateLimits]?
    var budget: AdminBudgetBody?

    var governance: AdminGovernanceBody { AdminGovernanceBody(limits: limits, routeLimits: routeLimits, budget: budget) }

    enum CodingKeys: String, CodingKey {
        case name, owner, team, metadata, limits, budget
        case routeLimits = "route_limits"
        case allowedRoutes = "allowed_routes"
        case expiresAt = "expires_at"
    }
}
