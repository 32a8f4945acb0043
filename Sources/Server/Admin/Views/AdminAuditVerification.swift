import Hummingbird
import Store

/// `GET /admin/v1/audit/verify`: `{"ok":true,"entries":N}`, or the first bad entry and what happened to it.
struct AdminAuditVerification: ResponseEncodable, Sendable {
    var ok: Bool
    var entries: Int?
    var entryID: Int64?
    /// `edited`, `deleted`, `reordered` or `chain_broken`.
    var reason: String?
    var message: String?

    enum CodingKeys: String, CodingKey {
        case ok, entries, reason, message
        case entryID = "entry_id"
    }

    init(_ verification: AuditVerification) {
        switch verification {
        case .intact(let count):
            ok = true
            entries = count
        case .broken(let broken):
            ok = false
            entryID = broken.entryID
            message = broken.description
            reason =
                switch broken.reason {
                case .edited: "edited"
                case .deleted: "deleted"
                case .reordered: "reordered"
                case .chainBroken: "chain_broken"
                }
        }
    }
}
