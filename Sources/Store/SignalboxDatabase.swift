import Foundation
import GRDB

/// The gateway's SQLite database: one file (or `:memory:`), WAL, migrated to the current schema on open.
///
/// A file opens as a GRDB `DatabasePool` (WAL: readers never wait for the writer, one serialized writer);
/// `:memory:` opens as a `DatabaseQueue`, for tests and the demo.
public final class SignalboxDatabase: Sendable {
    public let path: String
    let writer: any DatabaseWriter

    /// Opens (creating when missing) the database at `path` and applies every pending migration.
    /// `busyTimeout` bounds how long a write waits for another process's write lock (the CLI and
    /// `serve` may share the file).
    public init(path: String, busyTimeout: Duration = .seconds(5)) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(TimeInterval(busyTimeout.components.seconds))
        configuration.label = "signalbox.store"
        // FULL in WAL mode: a commit the writer reported is on disk (the audit chain relies on it).
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        self.path = path
        do {
            if path == ":memory:" {
                writer = try DatabaseQueue(configuration: configuration)
            } else {
                writer = try DatabasePool(path: path, configuration: configuration)
            }
            try Self.migrator.migrate(writer)
        } catch {
            throw StoreError.cannotOpen(path, reason: "\(error)")
        }
    }

    /// Migrations applied to this database, oldest first (`v1`, …).
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// The SQLite journal mode in use (`wal` for files, `memory` for `:memory:`).
    public func journalMode() throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// Refreshes the query planner's statistics where they went stale (`PRAGMA optimize`, bounded
    /// by `analysis_limit`), so searches keep picking the right index as the log grows.
    public func optimize() throws {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;")
        }
    }

    /// Closes the connections. Later calls fail; committed transactions are already durable.
    public func close() throws {
        try writer.close()
    }
}
