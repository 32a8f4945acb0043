import Foundation
import SignalboxCore

/// A provider's runtime state: pause, keys (masked) and circuit breakers.
struct AdminProviderView: Encodable, Sendable {
    var id: String
    var kind: String
    var baseURL: String
    var paused: Bool
    var keys: [AdminProviderKeyView]
    var breakers: [AdminBreakerView]

    enum CodingKeys: String, CodingKey {
        case id, kind, paused, keys, breakers
        case baseURL = "base_url"
    }

    init(_ snapshot: ProviderSnapshot, breakers: [(model: String, state: String)]) {
        id = snapshot.id
        kind = snapshot.kind
        baseURL = snapshot.baseURL
        paused = snapshot.paused
        keys = snapshot.keys.map(AdminProviderKeyView.init)
        self.breakers = breakers.map { AdminBreakerView(model: $0.model, state: $0.state) }
    }
}
