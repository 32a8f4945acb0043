import Foundation
import Hummingbird
import SignalboxCore
import Store

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
    /// From the request log (nil for requests read from the in-memory ring).
    var keyID: String?
    var latencyMs: Double?
    var costUSD: Decimal?
    var cache: String?

    enum CodingKeys: String, CodingKey {
        case id, time, endpoint, provider, model, stream, status, usage, error, cache
        case keyID = "key_id"
        case latencyMs = "latency_ms"
        case costUSD = "cost_usd"
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
        latencyMs = Double(exchange.timings.total) / 1_000_000
    }

    init(_ record: RequestLogRecord) {
        id = record.requestID
        time = Date(milliseconds: record.timeMs)
        endpoint = record.endpoint
        requestedModel = record.route
        provider = record.provider
        model = record.model
        stream = record.stream
        status = record.status
        attempts = record.attempts
        usage = record.attempts > 0 ? Usage(promptTokens: record.promptTokens, completionTokens: record.completionTokens) : nil
        error = record.errorMessage
        replayOf = record.replayOf
        keyID = record.keyID
        latencyMs = record.latencyMs
        costUSD = record.costMicros.map { Decimal($0) / 1_000_000 }
        cache = record.cache
    }
}
