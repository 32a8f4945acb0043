import Foundation
import Hummingbird
import SignalboxCore

/// One recorded request without bodies or headers.
struct AdminRequestSummary: ResponseEncodable, Sendable {
    var id: String
    var time: Date
    var endpoint: String
    var requestedModel: String
    var provider: String
    var model: String
    var stream: Bool
    var status: Int
    var attempts: Int
    var usage: Usage?
    var error: String?
    var replayOf: String?

    enum CodingKeys: String, CodingKey {
        case id, time, endpoint, provider, model, stream, status, usage, error
        case attempts = "attempt_count"
        case requestedModel = "requested_model"
        case replayOf = "replay_of"
    }

    init(_ exchange: RecordedExchange) {
        id = exchange.id.rawValue
        time = Date(timeIntervalSince1970: Double(exchange.timestampMs) / 1_000)
        endpoint = exchange.endpoint.rawValue
        requestedModel = exchange.requestedModel
        provider = exchange.provider
        model = exchange.model
        stream = exchange.stream
        status = exchange.status
        attempts = exchange.attempts.count
        usage = exchange.usage
        error = exchange.errorMessage
        replayOf = exchange.replayOf?.rawValue
    }
}
