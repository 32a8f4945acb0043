import Foundation
import Hummingbird

/// A virtual key just created or rotated, with its secret: the only answer that ever holds one.
struct AdminIssuedKey: ResponseEncodable, Sendable {
    var virtualKey: AdminVirtualKeyView
    /// `sk-sb-…`: shown once; the store keeps only its SHA-256.
    var secret: String
    /// After a rotation: until when the previous secret is still accepted.
    var previousSecretValidUntil: Date?

    enum CodingKeys: String, CodingKey {
        case secret
        case virtualKey = "virtual_key"
        case previousSecretValidUntil = "previous_secret_valid_until"
    }
}
