import Hummingbird

/// `GET /admin/v1/whoami`: the token holder's id and role (never the token).
struct AdminWhoAmI: ResponseEncodable, Sendable {
    var id: String
    var role: String
}
