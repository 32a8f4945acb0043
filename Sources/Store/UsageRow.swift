import GRDB
import SignalboxCore

/// A `usage_records` row.
struct UsageRow: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "usage_records"

    var id: Int64?
    var timeMs: Int64
    var requestID: String
    var keyID: String?
    var route: String
    var provider: String
    var model: String
    var status: Int
    var promptTokens: Int
    var completionTokens: Int
    var cachedTokens: Int
    var reasoningTokens: Int
    var costMicros: Int64?

    enum CodingKeys: String, CodingKey {
        case id, route, provider, model, status
        case timeMs = "time_ms"
        case requestID = "request_id"
        case keyID = "key_id"
        case promptTokens = "prompt_tokens"
        case completionTokens = "completion_tokens"
        case cachedTokens = "cached_tokens"
        case reasoningTokens = "reasoning_tokens"
        case costMicros = "cost_micros"
    }

    init(_ record: UsageRecord) {
        timeMs = record.time.milliseconds
        requestID = record.requestID
        keyID = record.keyID
        route = record.route
        provider = record.provider
        model = record.model
        status = record.status
        promptTokens = record.promptTokens
        completionTokens = record.completionTokens
        cachedTokens = record.cachedTokens
        reasoningTokens = record.reasoningTokens
        costMicros = record.costMicros
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}
