import Hummingbird

/// `GET /admin/v1/virtual-keys`: newest first, without secrets or hashes.
struct AdminVirtualKeyList: ResponseEncodable, Sendable {
    var virtualKeys: [AdminVirtualKeyView]

    enum CodingKeys: String, CodingKey {
        case virtualKeys = "virtual_keys"
    }
}
