/// A recorded HTTP header (credentials were masked when the request was recorded).
struct AdminHeaderView: Encodable, Sendable {
    var name: String
    var value: String
}
