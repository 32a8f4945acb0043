import Foundation
import SignalboxCore

/// One provider key: id, masked secret, weight, pause, rotation grace and suspension deadlines.
struct AdminProviderKeyView: Encodable, Sendable {
    var id: String
    /// `sk-…f00d`: never the secret.
    var masked: String
    var weight: Int
    var paused: Bool
    var previousSecretValidUntil: Date?
    var suspendedUntil: Date?

    enum CodingKeys: String, CodingKey {
        case id, masked, weight, paused
        case previousSecretValidUntil = "previous_secret_valid_until"
        case suspendedUntil = "suspended_until"
    }

    init(_ key: ProviderSnapshot.Key) {
        id = key.id
        masked = key.masked
        weight = key.weight
        paused = key.paused
        previousSecretValidUntil = key.graceUntilMs.map { Date(timeIntervalSince1970: Double($0) / 1_000) }
        suspendedUntil = key.suspendedUntilMs.map { Date(timeIntervalSince1970: Double($0) / 1_000) }
    }
}
