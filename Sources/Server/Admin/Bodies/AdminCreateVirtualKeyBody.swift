import SignalboxCore

/// `POST /admin/v1/virtual-keys`.
struct AdminCreateVirtualKeyBody: Decodable, Sendable {
    static let fields = ["name", "owner", "team", "allowed_routes", "expires_at", "metadata"]

    var name: String
    var owner: String?
    var team: String?
    var allowedRoutes: [String]?
    /// RFC 3339, e.g. `2026-01-31T00:00:00Z`.
    var expiresAt: String?
    var metadata: [String: JSONValue]?

    enum CodingKeys: String, CodingKey {
        case name, owner, team, metadata
        case allowedRoutes = "allowed_routes"
        case expiresAt = "expires_at"
    }
}
