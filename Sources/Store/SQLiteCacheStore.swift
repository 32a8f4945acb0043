import Foundation
import GRDB

/// The exact cache's entries on SQLite (`cache_entries`, schema v5): written through the store
/// writer (`StoreRecord.cacheEntry`, `.cachePurge`), read back once at start.
public struct SQLiteCacheStore: Sendable {
    private let database: SignalboxDatabase

    public init(database: SignalboxDatabase) {
        self.database = database
    }

    static func insert(_ record: CacheEntryRecord, in db: Database) throws {
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO cache_entries (key, namespace, route, provider, model, body, usage, created_ms, expires_ms)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                record.key, record.namespace, record.route, record.provider, record.model, Data(record.body), record.usageJSON, record.createdMs,
                record.expiresMs,
            ])
    }

    static func purge(_ purge: CachePurgeRecord, in db: Database) throws {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let route = purge.route {
            conditions.append("route = ?")
            arguments += [route]
        }
        if let namespace = purge.namespace {
            conditions.append("namespace = ?")
            arguments += [namespace]
        }
        if let before = purge.createdBeforeMs {
            conditions.append("created_ms <= ?")
            arguments += [before]
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        try db.execute(sql: "DELETE FROM cache_entries" + filter, arguments: arguments)
    }

    /// The live entries, newest first, at most `limit`; expired rows and rows beyond the newest
    /// `limit` are deleted first, so the table stays near the cache's size across restarts.
    public func load(limit: Int, nowMs: Int64) async throws -> [CacheEntryRecord] {
        try await database.writer.write { db in
            try db.execute(sql: "DELETE FROM cache_entries WHERE expires_ms <= ?", arguments: [nowMs])
            try db.execute(
                sql: "DELETE FROM cache_entries WHERE key NOT IN (SELECT key FROM cache_entries ORDER BY created_ms DESC LIMIT ?)", arguments: [limit])
            return try Row.fetchAll(
                db, sql: "SELECT key, namespace, route, provider, model, body, usage, created_ms, expires_ms FROM cache_entries ORDER BY created_ms DESC"
            ).map { row in
                CacheEntryRecord(
                    key: row["key"], namespace: row["namespace"], route: row["route"], provider: row["provider"], model: row["model"],
                    body: Array((row["body"] as Data?) ?? Data()), usageJSON: row["usage"], createdMs: row["created_ms"], expiresMs: row["expires_ms"])
            }
        }
    }

    /// Rows stored (expired ones included until the next load).
    public func count() async throws -> Int {
        try await database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cache_entries") ?? 0 }
    }
}
