import Foundation
import GRDB
import SignalboxCore
import Store
import Testing

@Suite("Store database")
struct DatabaseMigrationTests {
    @Test("a fresh file is created in WAL mode with the current schema, and reopens without migrating again")
    func freshFileAndReopen() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        #expect(!FileManager.default.fileExists(atPath: temp.path))

        let database = try temp.open()
        #expect(try database.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        #expect(try database.journalMode() == "wal")
        let created = try await SQLiteKeyStore(database: database).create(VirtualKeyDraft(name: "billing"))
        try database.close()

        let reopened = try temp.open()
        defer { try? reopened.close() }
        #expect(try reopened.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        #expect(try await SQLiteKeyStore(database: reopened).key(id: created.key.id)?.name == "billing")

        let tables = try await DatabaseQueue(path: temp.path).read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        }
        #expect(tables == ["audit_log", "cache_entries", "grdb_migrations", "request_bodies", "request_log", "usage_records", "virtual_keys"])
    }

    @Test(":memory: opens with the same schema")
    func inMemory() throws {
        let database = try SignalboxDatabase(path: ":memory:")
        #expect(try database.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
    }

    @Test("an unopenable path is a store error naming the path")
    func unopenable() throws {
        let error = #expect(throws: StoreError.self) { try SignalboxDatabase(path: "/nonexistent-dir/sub/signalbox.db") }
        #expect(error?.description.contains("/nonexistent-dir/sub/signalbox.db") == true)
    }
}
