/// `POST /admin/v1/virtual-keys/{id}/rotate`: how long the previous secret keeps working (default 0:
/// it stops at once).
struct AdminRotateVirtualKeyBody: Decodable, Sendable {
    static let fields = ["grace_seconds"]

    var graceSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case graceSeconds = "grace_seconds"
    }
}
