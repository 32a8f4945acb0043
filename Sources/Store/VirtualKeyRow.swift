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

    enum CodingKeys: String, CodingKey {
        case id, name, prefix, hash, owner, team, metadata, enabled
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
        VirtualKey(
            id: id, name: name, prefix: prefix, owner: owner, team: team,
            allowedRoutes: try SharedJSONCoders.decoder.decode([String].self, from: Data(allowedRoutes.utf8)),
            expiresAt: expiresAtMs.map(Date.init(milliseconds:)),
            metadata: try SharedJSONCoders.decoder.decode([String: JSONValue].self, from: Data(metadata.utf8)),
            enabled: enabled, createdAt: Date(milliseconds: createdAtMs), revokedAt: revokedAtMs.map(Date.init(milliseconds:)))
    }
}

extension Date {
    init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
    var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
