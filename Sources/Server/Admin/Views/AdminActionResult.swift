import Hummingbird

/// What an operator action did (`POST …/pause`, `/resume`, `/rotate`, `/breakers/…`).
struct AdminActionResult: ResponseEncodable, Sendable {
    /// The audit log's name for it, e.g. `provider.pause`.
    var action: String
    var target: String
    /// `done` (a refused action is an error answer instead).
    var outcome: String
    var message: String
}
