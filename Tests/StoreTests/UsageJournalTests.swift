import Foundation
@testable import Store
import SignalboxCore
import Testing

@Suite("Usage journal")
struct UsageJournalTests {
    static func record(_ i: Int, route: String = "gpt-4o") -> UsageRecord {
        UsageRecord(
            time: Date(milliseconds: 1_795_651_200_000 + Int64(i)), requestID: "req_\(i)", keyID: i % 2 == 0 ? "vk_a" : nil, route: route,
            provider: "openai", model: "gpt-4o-2024", status: 200, promptTokens: i, completionTokens: 2 * i, cachedTokens: 1, reasoningTokens: 0,
            costMicros: i % 3 == 0 ? nil : Int64(i * 10))
    }

    @Test("a line round-trips every field, escapes included; a torn line is skipped")
    func lineFormat() {
        let odd = Self.record(7, route: "we\\ird\troute\nname")
        let line = UsageJournal.encode(odd)
        #expect(line.hasSuffix("\n"))
        #expect(line.dropLast().split(separator: "\n").count == 1, "one line, whatever the fields hold")
        #expect(UsageJournal.decode(String(line.dropLast())) == odd)
        #expect(UsageJournal.decode(String(line.dropLast().prefix(20))) == nil)
    }

    @Test("rows journaled by a process that died are recovered once; rows already committed are not duplicated")
    func recover() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let database = try temp.open()
        // A process id that is not running (the kernel's pid_max is below it).
        let crashed = try UsageJournal(databasePath: temp.path, pid: 2_000_000_000)
        for i in 0..<10 { _ = try crashed.append(Self.record(i)) }
        // Rows 0–3 reached the database before the crash.
        try await database.write((0..<4).map { .usage(Self.record($0)) })

        let live = try UsageJournal(databasePath: temp.path, pid: getpid())
        _ = try live.append(Self.record(99))
        let restarted = try UsageJournal(databasePath: temp.path, pid: 1_999_999_999)
        #expect(try await restarted.recover(into: database) == 6, "a running process's journal is left alone")
        let totals = try await SQLiteUsageStore(database: database).totals(keyID: "vk_a", since: Date(milliseconds: 0))
        #expect(totals.requests == 5)
        #expect(try await UsageJournal(databasePath: temp.path).recover(into: database) == 0, "the recovered file is gone")
    }

    @Test("a rotated journal file is deleted once every record in it is committed, not before")
    func rotation() throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let journal = try UsageJournal(databasePath: temp.path, rotateBytes: 200)
        var generations: [Int] = []
        for i in 0..<6 { generations.append(try journal.append(Self.record(i))) }
        let first = try #require(generations.first)
        let firstCount = generations.count { $0 == first }
        #expect(Set(generations).count > 1, "the small limit rotated the file")
        func files() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: temp.directory.path)) ?? []).filter { $0.contains("usage-journal") }
        }
        let before = files().count
        journal.committed(generation: first, count: firstCount - 1)
        #expect(files().count == before)
        journal.committed(generation: first, count: 1)
        #expect(files().count == before - 1)
        journal.removeAll()
        #expect(files().isEmpty)
    }
}
