import Hummingbird

/// `GET /admin/v1/audit`: entries after `after_id`, oldest first; `next_after_id` continues the walk.
struct AdminAuditPage: ResponseEncodable, Sendable {
    var entries: [AdminAuditEntryView]
    /// Pass as `after_id` for the next page; nil when this page was not full.
    var nextAfterID: Int64?

    enum CodingKeys: String, CodingKey {
        case entries
        case nextAfterID = "next_after_id"
    }
}
