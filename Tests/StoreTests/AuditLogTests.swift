import Foundation
import GRDB
import SignalboxCore
import Testing

@testable import Store

@Suite("Audit log")
struct AuditLogTests {
    /// Appends `count` entries to a fresh file, closes it, and returns the file.
    private func chain(of count: Int) async throws -> TemporaryDatabase {
        let temp = try TemporaryDatabase()
        let database = try temp.open()
        let log = SQLiteAuditLog(database: database, now: TestClock().function)
        for index in 1...count {
            try await log.append(
                AuditEntryDraft(
                    actor: "ops-\(index % 2)", role: "operator", action: "provider.pause", target: "openai-\(index)",
                    details: ["reason": .string("drill \(index)"), "seconds": .number(Double(index))]))
        }
        try database.close()
        return temp
    }

    /// Changes the file directly (as an attacker with file access would), then verifies.
    private func tamper(_ temp: TemporaryDatabase, _ sql: String) async throws -> AuditVerification {
        try await DatabaseQueue(path: temp.path).write { db in try db.execute(sql: sql) }
        let database = try temp.open()
        defer { try? database.close() }
        return try await SQLiteAuditLog(database: database).verify()
    }

    @Test("appended entries chain by hash and verify")
    func appendAndVerify() async throws {
        let temp = try await chain(of: 6)
        defer { temp.cleanup() }
        let database = try temp.open()
        defer { try? database.close() }
        let log = SQLiteAuditLog(database: database)
        #expect(try await log.verify() == .intact(entries: 6))
        let entries = try await log.entries(after: 0, limit: 100)
        #expect(entries.map(\.id) == [1, 2, 3, 4, 5, 6])
        #expect(entries[0].prevHash == String(repeating: "0", count: 64))
        for (previous, entry) in zip(entries, entries.dropFirst()) { #expect(entry.prevHash == previous.hash) }
        #expect(entries[2].details == ["reason": .string("drill 3"), "seconds": .number(3)])
        #expect(Set(entries.map(\.hash)).count == 6)
        #expect(try await log.entries(after: 4, limit: 1).map(\.id) == [5])
    }

    @Test("the newest entries come first, at most the limit, with every field")
    func recentNewestFirst() async throws {
        let temp = try await chain(of: 5)
        defer { temp.cleanup() }
        let database = try temp.open()
        defer { try? database.close() }
        let log = SQLiteAuditLog(database: database)
        let recent = try await log.recent(limit: 3)
        #expect(recent.map(\.id) == [5, 4, 3])
        #expect(try await log.recent(limit: 100).map(\.id) == [5, 4, 3, 2, 1])
        #expect(try await log.recent(limit: 0).isEmpty)
        // The trail's summaries: the same entries, details flattened in name order.
        let summaries = try await log.recentActions(limit: 2)
        #expect(
            summaries == [
                OperatorAuditEntrySummary(
                    sequence: 5, timestampMs: recent[0].time.milliseconds, actor: "ops-1", role: "operator", action: "provider.pause",
                    target: "openai-5", details: "reason=drill 5 seconds=5", outcome: "done"),
                OperatorAuditEntrySummary(
                    sequence: 4, timestampMs: recent[1].time.milliseconds, actor: "ops-0", role: "operator", action: "provider.pause",
                    target: "openai-4", details: "reason=drill 4 seconds=4", outcome: "done"),
            ])
        #expect(try await log.verifyChain() == .intact(throughSequence: 5))
    }

    @Test("a control-plane record keeps its actor, role and outcome; a broken chain names the entry")
    func operatorRecordsAndBrokenChain() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let database = try temp.open()
        let log = SQLiteAuditLog(database: database)
        try await log.record(
            OperatorAuditRecord(
                actor: "admin:ops", role: .operator, action: "request.replay", target: "req_1",
                details: ["outcome": .string("refused"), "reason": .string("gone"), "provider": .string("alpha")]))
        try await log.record(OperatorAuditRecord(actor: "console", role: .operator, action: "provider.pause", target: "alpha"))
        let entries = try await log.recentActions(limit: 10)
        #expect(entries.map(\.actor) == ["console", "admin:ops"])
        #expect(entries.map(\.role) == ["operator", "operator"])
        #expect(entries[1].outcome == "refused" && !entries[1].succeeded)
        #expect(entries[1].details == "provider=alpha reason=gone")
        #expect(entries[0].details.isEmpty && entries[0].succeeded)
        try database.close()
        let result = try await tamper(temp, "UPDATE audit_log SET target = 'beta' WHERE id = 2")
        #expect(result == .broken(AuditBreak(entryID: 2, reason: .edited)))
        let reopened = try temp.open()
        defer { try? reopened.close() }
        guard case .broken(let sequence, let problem) = try await SQLiteAuditLog(database: reopened).verifyChain() else {
            Issue.record("the edited chain verified")
            return
        }
        #expect(sequence == 2)
        #expect(problem.contains("entry 2 was edited"))
    }

    @Test("a key's creation is listed without its secret")
    func keyCreationHasNoSecret() async throws {
        let database = try SignalboxDatabase(path: ":memory:")
        let store = SQLiteKeyStore(database: database)
        let created = try await store.create(
            VirtualKeyDraft(name: "ci", budget: BudgetPolicy(limitMicros: 5_000_000, period: .daily)), auditedAs: AuditActor(actor: "cli", role: "admin"))
        let entries = try await SQLiteAuditLog(database: database).recentActions(limit: 10)
        #expect(entries.count == 1)
        #expect(entries[0].action == "keys.create" && entries[0].actor == "cli" && entries[0].role == "admin")
        #expect(entries[0].target == created.key.id)
        #expect(entries[0].details.contains("name=ci"))
        let secret = created.secret.reveal()
        #expect(!entries[0].details.contains(secret))
        #expect(!entries[0].target.contains(secret))
        // Only the public prefix `keys list` shows, never more of the secret.
        #expect(!entries[0].details.contains(String(secret.prefix(created.key.prefix.count + 4))))
    }

    @Test("an empty log is intact")
    func empty() async throws {
        #expect(try await SQLiteAuditLog(database: SignalboxDatabase(path: ":memory:")).verify() == .intact(entries: 0))
    }

    @Test("an edited detail names the entry")
    func editedDetail() async throws {
        let temp = try await chain(of: 6)
        defer { temp.cleanup() }
        let result = try await tamper(temp, #"UPDATE audit_log SET details = '{"reason":"nothing to see"}' WHERE id = 4"#)
        #expect(result == .broken(AuditBreak(entryID: 4, reason: .edited)))
    }

    @Test("an edited stored hash or actor names the entry")
    func editedHashOrActor() async throws {
        let temp = try await chain(of: 4)
        defer { temp.cleanup() }
        #expect(
            try await tamper(temp, "UPDATE audit_log SET actor = 'someone-else' WHERE id = 2") == .broken(AuditBreak(entryID: 2, reason: .edited)))
        let other = try await chain(of: 4)
        defer { other.cleanup() }
        #expect(
            try await tamper(other, "UPDATE audit_log SET hash = '" + String(repeating: "a", count: 64) + "' WHERE id = 3")
                == .broken(AuditBreak(entryID: 3, reason: .edited)))
    }

    @Test("a deleted middle row names the missing entry")
    func deletedMiddle() async throws {
        let temp = try await chain(of: 6)
        defer { temp.cleanup() }
        let result = try await tamper(temp, "DELETE FROM audit_log WHERE id = 3")
        #expect(result == .broken(AuditBreak(entryID: 3, reason: .deleted(through: 3))))
        #expect("\(AuditBreak(entryID: 3, reason: .deleted(through: 3)))" == "entry 3 was deleted")
    }

    @Test("deleted first and last rows are found too")
    func deletedEnds() async throws {
        let first = try await chain(of: 4)
        defer { first.cleanup() }
        #expect(try await tamper(first, "DELETE FROM audit_log WHERE id <= 2") == .broken(AuditBreak(entryID: 1, reason: .deleted(through: 2))))
        let last = try await chain(of: 4)
        defer { last.cleanup() }
        #expect(try await tamper(last, "DELETE FROM audit_log WHERE id = 4") == .broken(AuditBreak(entryID: 4, reason: .deleted(through: 4))))
    }

    @Test("two rows with swapped content name the first as reordered")
    func swappedContent() async throws {
        let temp = try await chain(of: 6)
        defer { temp.cleanup() }
        let result = try await tamper(
            temp,
            """
            UPDATE audit_log SET (time_ms, actor, role, action, target, details) =
              (SELECT o.time_ms, o.actor, o.role, o.action, o.target, o.details FROM audit_log AS o
               WHERE o.id = CASE audit_log.id WHEN 2 THEN 5 ELSE 2 END)
            WHERE id IN (2, 5)
            """)
        #expect(result == .broken(AuditBreak(entryID: 2, reason: .reordered(holdsEntry: 5))))
    }

    @Test("two whole rows swapped (hashes included) name the first as reordered")
    func swappedRows() async throws {
        let temp = try await chain(of: 5)
        defer { temp.cleanup() }
        let result = try await tamper(
            temp,
            """
            UPDATE audit_log SET id = -1 WHERE id = 2;
            UPDATE audit_log SET id = 2 WHERE id = 4;
            UPDATE audit_log SET id = 4 WHERE id = -1;
            """)
        #expect(result == .broken(AuditBreak(entryID: 2, reason: .reordered(holdsEntry: 4))))
    }

    @Test("the first entry's hash is SHA-256 of 64 zeros and the documented canonical bytes (computed independently)")
    func canonicalFormat() async throws {
        let database = try SignalboxDatabase(path: ":memory:")
        let entry = try await SQLiteAuditLog(database: database).append(
            AuditEntryDraft(
                actor: "cli", role: "admin", action: "keys.create", target: "vk_1", details: ["name": .string("billing")],
                time: Date(timeIntervalSince1970: 1_750_000_000)))
        // Python: sha256(b"0"*64 + b"signalbox-audit-v1\n" + b"".join(b"%d:%s\n" % (len(f), f) for f in fields))
        #expect(entry.hash == "9fc68c2b8ad03183cc981f9b556eb4c8e373e8e0e72440a8014121e5876e36a1")
    }

    @Test("an entry rewritten with a recomputed hash breaks the link to the next entry")
    func rewrittenWithNewHash() async throws {
        let temp = try await chain(of: 5)
        defer { temp.cleanup() }
        try await DatabaseQueue(path: temp.path).write { db in
            var row = try #require(try AuditRow.fetchOne(db, key: 3))
            row.details = #"{"reason":"rewritten"}"#
            row.hash = AuditChain.hash(of: row, id: 3, prevHash: row.prevHash)
            try row.update(db)
        }
        let database = try temp.open()
        defer { try? database.close() }
        #expect(try await SQLiteAuditLog(database: database).verify() == .broken(AuditBreak(entryID: 4, reason: .chainBroken)))
    }

    @Test("appends from many tasks at once keep one unforked chain")
    func concurrentAppends() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let database = try temp.open()
        defer { try? database.close() }
        let log = SQLiteAuditLog(database: database)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                group.addTask { try await log.append(AuditEntryDraft(actor: "a\(index)", role: "admin", action: "x", target: "t")) }
            }
            try await group.waitForAll()
        }
        #expect(try await log.verify() == .intact(entries: 40))
    }
}
