import Hummingbird

/// `POST /admin/v1/requests/{id}/replay`: the original request and its replay.
struct AdminReplayResult: ResponseEncodable, Sendable {
    var action: String
    var target: String
    var outcome: String
    var message: String
    var original: AdminRequestSummary
    var replay: AdminRequestDetail
}
