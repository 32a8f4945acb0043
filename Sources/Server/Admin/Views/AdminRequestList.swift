import Hummingbird

/// `GET /admin/v1/requests`: newest first.
struct AdminRequestList: ResponseEncodable, Sendable {
    var requests: [AdminRequestSummary]
}
