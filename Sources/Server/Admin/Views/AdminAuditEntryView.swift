import Foundation
import SignalboxCore
import Store

/// One audit entry with its place in the hash chain.
struct AdminAuditEntryView: Encodable, Sendable {
    var id: Int64
    var time: Date
    var actor: String
    var role: String
    var action: String
    var target: String
    var details: [String: JSONValue]
    var prevHash: String
    var hash: String

    enum CodingKeys: String, CodingKey {
        case id, time, actor, role, action, target, details, hash
        case prevHash = "prev_hash"
    }

    init(_ entry: AuditEntry) {
        id = entry.id
        time = entry.time
        actor = entry.actor
        role = entry.role
        action = entry.action
        target = entry.target
        details = entry.details
        prevHash = entry.prevHash
        hash = entry.hash
    }
}
