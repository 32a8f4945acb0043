import Foundation
import GRDB
import SignalboxCore

/// A `virtual_keys` row. Times are integer milliseconds since 1970 (exact, sortable, no text formats).
struct VirtualKeyRow: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "virtual_keys"

    var id: String
    var name: String
    var prefix: String
    var hash: String
    var previousHash: String?
    var previousValidUntilMs: Int64?
    var owner: String?
    var team: String?
    var allowedRoutes: String
    var expiresAtMs: Int64?
    var metadata: String
    var enabled: Bool
    var createdAtMs: Int64
    var rotatedAtMs: Int64?
    var revokedAtMs: Int64?
    /// JSON `{"rpm":…,"tpm":…,"rpd":…,"tpd":…,"routes":{"route":{…}}}`; NULL: no limits (schema v2).
    var limits: String?
    /// JSON of a `BudgetPolicy`; NULL: no budget (schema v2).
    var budget: String?

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, hash, owner, team, metadata, enabled, limits, budget
        case previousHash = "previous_hash"
        case previousValidUntilMs = "previous_valid_until_ms"
        case allowedRoutes = "allowed_routes"
        case expiresAtMs = "expires_at_ms"
        case createdAtMs = "created_at_ms"
        case rotatedAtMs = "rotated_at_ms"
        case revokedAtMs = "revoked_at_ms"
    }

    enum Columns {
        static let hash = Column(CodingKeys.hash)
        static let previousHash = Column(CodingKeys.previousHash)
        static let createdAtMs = Column(CodingKeys.createdAtMs)
        static let revokedAtMs = Column(CodingKeys.revokedAtMs)
    }

    func virtualKey() throws -> VirtualKey {
        let limits = try limits.map { try SharedJSONCoders.decoder.decode(StoredLimits.self, from: Data($0.utf8)) }
        return VirtualKey(
            id: id, name: name, prefix: prefix, owner: owner, team: team,
            allowedRoutes: try SharedJSONCoders.decoder.decode([String].self, from: Data(allowedRoutes.utf8)),
            expiresAt: expiresAtMs.map(Date.init(milliseconds:)),
            metadata: try SharedJSONCoders.decoder.decode([String: JSONValue].self, from: Data(metadata.utf8)),
            enabled: enabled, createdAt: Date(milliseconds: createdAtMs), revokedAt: revokedAtMs.map(Date.init(milliseconds:)),
            limits: limits?.key ?? RateLimits(), routeLimits: limits?.routes ?? [:],
            budget: try budget.map { try SharedJSONCoders.decoder.decode(BudgetPolicy.self, from: Data($0.utf8)) })
    }

    /// Sets the limit and budget columns (NULL when there are none).
    mutating func setGovernance(limits: RateLimits, routeLimits: [String: RateLimits], budget: BudgetPolicy?) throws {
        let stored = StoredLimits(key: limits, routes: routeLimits)
        self.limits = stored.isEmpty ? nil : String(decoding: try SharedJSONCoders.encoder.encode(stored), as: UTF8.self)
        self.budget = try budget.map { String(decoding: try SharedJSONCoders.encoder.encode($0), as: UTF8.self) }
    }
}

/// The `limits` column: the key's own limits and its per-route limits in one JSON object.
struct StoredLimits: Codable {
    var key: RateLimits
    var routes: [String: RateLimits]

    var isEmpty: Bool { key.isEmpty && routes.isEmpty }

    init(key: RateLimits, routes: [String: RateLimits]) {
        self.key = key
        self.routes = routes
    }

    init(from decoder: any Decoder) throws {
        key = try RateLimits(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        routes = try container.decodeIfPresent([String: RateLimits].self, forKey: .routes) ?? [:]
    }

    func encode(to encoder: any Encoder) throws {
        try key.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        if !routes.isEmpty { try container.encode(routes, forKey: .routes) }
    }

    enum CodingKeys: String, CodingKey {
        case routes
    }
}
