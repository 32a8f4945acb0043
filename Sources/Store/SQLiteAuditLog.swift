public import Foundation
import GRDB
import SignalboxCore

/// `AuditLog` on the SQLite database. Each append runs in one IMMEDIATE write transaction (GRDB's
/// default for a writer), which reads the chain's head and inserts after it: the single writer
/// serializes appends within a process, the write lock across processes (CLI and `serve`).
public struct SQLiteAuditLog: AuditLog {
    private let database: SignalboxDatabase
    private let now: @Sendable () -> Date

    public init(database: SignalboxDatabase, now: @escaping @Sendable () -> Date = { Date() }) {
        self.database = database
        self.now = now
    }

    @discardableResult
    public func append(_ draft: AuditEntryDraft) async throws -> AuditEntry {
        let time = draft.time ?? now()
        let details = try AuditChain.canonicalDetails(draft.details)
        let row = try await database.writer.write { db in
            try Self.append(draft, time: time, details: details, in: db)
        }
        return try row.entry()
    }

    /// Appends inside the caller's transaction (also used by `StoreWriter` batches).
    static func append(_ draft: AuditEntryDraft, time: Date, details: String, in db: Database) throws -> AuditRow {
        let head = try AuditRow.order(AuditRow.Columns.id.desc).fetchOne(db)
        var row = AuditRow(
            id: nil, timeMs: time.milliseconds, actor: draft.actor, role: draft.role, action: draft.action, target: draft.target,
            details: details, prevHash: head?.hash ?? AuditChain.genesis, hash: "")
        try row.insert(db)
        // The id is part of the hashed bytes, and SQLite assigns it on insert.
        row.hash = AuditChain.hash(of: row, id: row.id ?? 0, prevHash: row.prevHash)
        try row.update(db)
        return row
    }

    public func entries(after afterID: Int64, limit: Int) async throws -> [AuditEntry] {
        try await database.writer.read { db in
            try AuditRow.filter(AuditRow.Columns.id > afterID).order(AuditRow.Columns.id).limit(limit).fetchAll(db).map { try $0.entry() }
        }
    }

    public func recent(limit: Int) async throws -> [AuditEntry] {
        guard limit > 0 else { return [] }
        return try await database.writer.read { db in
            try AuditRow.order(AuditRow.Columns.id.desc).limit(limit).fetchAll(db).map { try $0.entry() }
        }
    }

    public func verify() async throws -> AuditVerification {
        let (rows, highest) = try await database.writer.read { db in
            let rows = try AuditRow.order(AuditRow.Columns.id).fetchAll(db)
            let highest = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = ?", arguments: [AuditRow.databaseTableName])
            return (rows, highest)
        }
        return AuditChain.verify(rows, highestAssignedID: highest)
    }
}
