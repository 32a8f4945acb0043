import Foundation
import GRDB
import SignalboxCore

/// An `audit_log` row. `details` is the canonical JSON text that was hashed, kept byte for byte.
struct AuditRow: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "audit_log"

    var id: Int64?
    var timeMs: Int64
    var actor: String
    var role: String
    var action: String
    var target: String
    var details: String
    var prevHash: String
    var hash: String

    enum CodingKeys: String, CodingKey {
        case id, actor, role, action, target, details, hash
        case timeMs = "time_ms"
        case prevHash = "prev_hash"
    }

    enum Columns {
        static let id = Column(CodingKeys.id)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }

    func entry() throws -> AuditEntry {
        AuditEntry(
            id: id ?? 0, time: Date(milliseconds: timeMs), actor: actor, role: role, action: action, target: target,
            details: try SharedJSONCoders.decoder.decode([String: JSONValue].self, from: Data(details.utf8)), prevHash: prevHash, hash: hash)
    }
}
