/// `POST /admin/v1/requests/{id}/replay`: optionally to another provider.
struct AdminReplayBody: Decodable, Sendable {
    static let fields = ["provider"]

    var provider: String?
}
