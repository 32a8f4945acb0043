/// `POST /admin/v1/providers/{id}/keys/{key}/rotate`: the new secret, typed or as a reference
/// (`env:NAME`, `file:/path`, read by the gateway), and how long the old one stays with requests
/// already using it (default `control.key_rotation_grace_s`).
struct AdminRotateProviderKeyBody: Decodable, Sendable {
    static let fields = ["secret", "grace_seconds"]

    var secret: String
    var graceSeconds: Int?

    enum CodingKeys: String, CodingKey {
        case secret
        case graceSeconds = "grace_seconds"
    }
}
