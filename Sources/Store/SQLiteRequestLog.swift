import Foundation
import GRDB
import SignalboxCore

/// `RequestLogStore` on SQLite: `request_log` (metadata, one row per request, indexed for the
/// searches the admin API and the console make) and `request_bodies` (captured bodies, kept for
/// their own retention).
public struct SQLiteRequestLog: RequestLogStore {
    private let database: SignalboxDatabase

    public init(database: SignalboxDatabase) {
        self.database = database
    }

    static let columns = """
        id, request_id, time_ms, key_id, endpoint, route, provider, model, status, attempts, stream, latency_ms, overhead_us,
        prompt_tokens, completion_tokens, cost_micros, cache, error, provider_request_id, replay_of
        """

    /// Inserts the metadata row, and the bodies row when the record carries a body.
    static func insert(_ record: RequestLogRecord, in db: Database) throws {
        // Cached statements: compiled once per connection, not once per row.
        try db.cachedStatement(
            sql: """
                INSERT INTO request_log (request_id, time_ms, key_id, endpoint, route, provider, model, status, attempts, stream, latency_ms,
                  overhead_us, prompt_tokens, completion_tokens, cost_micros, cache, error, provider_request_id, replay_of)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(request_id) DO NOTHING
                """
        ).execute(
            arguments: [
                record.requestID, record.timeMs, record.keyID, record.endpoint, record.route, record.provider, record.model, record.status,
                record.attempts, record.stream, record.latencyMs, record.overheadUs, record.promptTokens, record.completionTokens,
                record.costMicros, record.cache, record.errorMessage, record.providerRequestID, record.replayOf,
            ])
        if record.requestBody != nil || record.responseBody != nil {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO request_bodies (request_id, time_ms, request, response, capture, request_length) VALUES (?, ?, ?, ?, ?, ?)")
                .execute(arguments: [
                    record.requestID, record.timeMs, record.requestBody, record.responseBody, record.bodyCapture?.rawValue, record.requestBodyLength,
                ])
        }
    }

    public func search(_ query: RequestLogQuery) async throws -> RequestLogPage {
        var conditions: [String] = []
        var arguments = StatementArguments()
        func add(_ condition: String, _ values: [any DatabaseValueConvertible]) {
            conditions.append(condition)
            arguments += StatementArguments(values)
        }
        if let keyID = query.keyID { add("key_id = ?", [keyID]) }
        if let route = query.route { add("route = ?", [route]) }
        if let provider = query.provider { add("provider = ?", [provider]) }
        if let status = query.status { add("status = ?", [status]) }
        if let statusClass = query.statusClass { add("status BETWEEN ? AND ?", [statusClass * 100, statusClass * 100 + 99]) }
        if let from = query.fromMs { add("time_ms >= ?", [from]) }
        if let until = query.untilMs { add("time_ms < ?", [until]) }
        if let minLatency = query.minLatencyMs { add("latency_ms >= ?", [minLatency]) }
        if let maxLatency = query.maxLatencyMs { add("latency_ms <= ?", [maxLatency]) }
        if let minCost = query.minCostMicros { add("cost_micros >= ?", [minCost]) }
        if let before = query.before { add("(time_ms < ? OR (time_ms = ? AND id < ?))", [before.timeMs, before.timeMs, before.rowID]) }
        let limit = max(1, min(query.limit, 1_000))
        let sql = """
            SELECT \(Self.columns) FROM request_log
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY time_ms DESC, id DESC LIMIT \(limit + 1)
            """
        let bound = arguments
        let rows = try await database.writer.read { db in try Row.fetchAll(db, sql: sql, arguments: bound) }
        let page = rows.prefix(limit)
        let next = rows.count > limit ? page.last.map { RequestLogCursor(timeMs: $0["time_ms"], rowID: $0["id"]) } : nil
        return RequestLogPage(records: page.map(Self.record(from:)), next: next)
    }

    public func record(requestID: String) async throws -> RequestLogRecord? {
        try await database.writer.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM request_log WHERE request_id = ?", arguments: [requestID])
            else { return nil }
            var record = Self.record(from: row)
            if let bodies = try Row.fetchOne(db, sql: "SELECT request, response, capture, request_length FROM request_bodies WHERE request_id = ?", arguments: [requestID]) {
                record.requestBody = bodies["request"]
                record.responseBody = bodies["response"]
                record.bodyCapture = (bodies["capture"] as String?).flatMap(RequestLogConfig.BodyCapture.init(rawValue:))
                record.requestBodyLength = bodies["request_length"]
            }
            return record
        }
    }

    public func purge(metadataBeforeMs: Int64, bodiesBeforeMs: Int64) async throws -> (metadata: Int, bodies: Int) {
        // In slices, so the writer is never held for long and readers (WAL) never wait.
        var metadata = 0
        var bodies = 0
        while true {
            let removed = try await database.writer.write { db -> Int in
                try db.execute(
                    sql: "DELETE FROM request_log WHERE id IN (SELECT id FROM request_log WHERE time_ms < ? ORDER BY time_ms LIMIT 5000)",
                    arguments: [metadataBeforeMs])
                return db.changesCount
            }
            metadata += removed
            if removed < 5_000 { break }
        }
        while true {
            let removed = try await database.writer.write { db -> Int in
                try db.execute(
                    sql: """
                        DELETE FROM request_bodies WHERE request_id IN
                          (SELECT request_id FROM request_bodies WHERE time_ms < ? OR request_id NOT IN (SELECT request_id FROM request_log) LIMIT 5000)
                        """,
                    arguments: [bodiesBeforeMs])
                return db.changesCount
            }
            bodies += removed
            if removed < 5_000 { break }
        }
        return (metadata, bodies)
    }

    static func record(from row: Row) -> RequestLogRecord {
        RequestLogRecord(
            requestID: row["request_id"], timeMs: row["time_ms"], keyID: row["key_id"], endpoint: row["endpoint"], route: row["route"],
            provider: row["provider"], model: row["model"], status: row["status"], attempts: row["attempts"], stream: row["stream"],
            latencyMs: row["latency_ms"], overheadUs: row["overhead_us"], promptTokens: row["prompt_tokens"],
            completionTokens: row["completion_tokens"], costMicros: row["cost_micros"], cache: row["cache"], errorMessage: row["error"],
            providerRequestID: row["provider_request_id"], replayOf: row["replay_of"])
    }
}
