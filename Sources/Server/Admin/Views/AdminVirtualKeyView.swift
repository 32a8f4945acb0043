import Foundation
import Hummingbird
import SignalboxCore

/// A virtual key as the admin API shows it: never its secret or hash, only the display prefix.
struct AdminVirtualKeyView: ResponseEncodable, Sendable {
    var id: String
    var name: String
    /// `sk-sb-AbCd`.
    var prefix: String
    var owner: String?
    var team: String?
    var allowedRoutes: [String]
    var expiresAt: Date?
    var metadata: [String: JSONValue]
    var enabled: Bool
    /// `active`, `disabled`, `expired` or `revoked`.
    var status: String
    var createdAt: Date
    var revokedAt: Date?
    var limits: RateLimits
    var routeLimits: [String: RateLimits]
    var budget: BudgetPolicy?

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, owner, team, metadata, enabled, status, limits, budget
        case routeLimits = "route_limits"
        case allowedRoutes = "allowed_routes"
        case expiresAt = "expires_at"
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
    }

    init(_ key: VirtualKey, now: Date = Date()) {
        id = key.id
        name = key.name
        prefix = key.prefix
        owner = key.owner
        team = key.team
        allowedRoutes = key.allowedRoutes
        expiresAt = key.expiresAt
        metadata = key.metadata
        enabled = key.enabled
        status = key.refusal(at: now)?.rawValue ?? "active"
        createdAt = key.createdAt
        revokedAt = key.revokedAt
        limits = key.limits
        routeLimits = key.routeLimits
        budget = key.budget
    }
}
