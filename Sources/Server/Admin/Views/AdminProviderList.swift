import Hummingbird

/// `GET /admin/v1/providers`.
struct AdminProviderList: ResponseEncodable, Sendable {
    var providers: [AdminProviderView]
}
