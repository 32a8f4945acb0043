public import Foundation
import GRDB
public import SignalboxCore

/// `UsageStore` on the SQLite database.
public struct SQLiteUsageStore: UsageStore {
    private let database: SignalboxDatabase

    public init(database: SignalboxDatabase) {
        self.database = database
    }

    public func record(_ records: [UsageRecord]) async throws {
        try await database.writer.write { db in
            for record in records { try Self.insert(record, in: db) }
        }
    }

    /// Inserts the records whose request id the table does not have yet; returns how many.
    func recordMissing(_ records: [UsageRecord]) async throws -> Int {
        try await database.writer.write { db in
            var added = 0
            for record in records {
                try Self.insert(record, in: db)
                added += db.changesCount
            }
            return added
        }
    }

    static func insert(_ record: UsageRecord, in db: Database) throws {
        // A cached statement with positional arguments: compiled once per connection, and no
        // record encoding per row (the writer inserts one of these per routed request).
        try db.cachedStatement(
            sql: """
                INSERT INTO usage_records (time_ms, request_id, key_id, route, provider, model, status, prompt_tokens, completion_tokens,
                  cached_tokens, reasoning_tokens, cost_micros)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(request_id) DO NOTHING
                """
        ).execute(
            arguments: [
                record.time.milliseconds, record.requestID, record.keyID, record.route, record.provider, record.model, record.status,
                record.promptTokens, record.completionTokens, record.cachedTokens, record.reasoningTokens, record.costMicros,
            ])
    }

    public func spentMicros(_ scope: BudgetScope, fromMs: Int64, untilMs: Int64) async throws -> Int64 {
        let filter: String
        var arguments: StatementArguments = [fromMs, untilMs]
        switch scope {
        case .key(let id):
            filter = "AND key_id = ?"
            arguments += [id]
        case .team(let team):
            filter = "AND key_id IN (SELECT id FROM virtual_keys WHERE team = ?)"
            arguments += [team]
        case .global:
            filter = ""
        }
        let sql = "SELECT COALESCE(SUM(cost_micros), 0) FROM usage_records WHERE time_ms >= ? AND time_ms < ? \(filter)"
        let bound = arguments
        return try await database.writer.read { db in
            try Int64.fetchOne(db, sql: sql, arguments: bound) ?? 0
        }
    }

    public func totals(keyID: String?, since: Date) async throws -> UsageTotals {
        let sinceMs = since.milliseconds
        return try await database.writer.read { db in
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS requests, COALESCE(SUM(prompt_tokens), 0) AS prompt, COALESCE(SUM(completion_tokens), 0) AS completion,
                           COALESCE(SUM(cost_micros), 0) AS cost
                    FROM usage_records WHERE key_id IS ? AND time_ms >= ?
                    """, arguments: [keyID, sinceMs])
            guard let row else { return UsageTotals() }
            return UsageTotals(requests: row["requests"], promptTokens: row["prompt"], completionTokens: row["completion"], costMicros: row["cost"])
        }
    }
}
