import SignalboxCore

/// One try at a provider within a recorded request.
struct AdminAttemptView: Encodable, Sendable {
    var provider: String
    var model: String
    /// The provider key's id, never its secret.
    var keyID: String?
    var status: Int?
    var failure: String?
    var elapsedMs: Double

    enum CodingKeys: String, CodingKey {
        case provider, model, status, failure
        case keyID = "key_id"
        case elapsedMs = "elapsed_ms"
    }

    init(_ attempt: AttemptRecord) {
        provider = attempt.provider
        model = attempt.model
        keyID = attempt.keyID
        status = attempt.status
        failure = attempt.failure
        elapsedMs = attempt.elapsedMs
    }
}
