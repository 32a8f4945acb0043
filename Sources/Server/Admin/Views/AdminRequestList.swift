import Hummingbird

/// `GET /admin/v1/requests`: newest first.
struct AdminRequestList: ResponseEncodable, Sendable {
    var requests: [AdminRequestSummary]
    /// Pass as `before=` for the next (older) page; absent on the last page.
    var next: String?
}
