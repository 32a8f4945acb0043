import Foundation
import Logging
import SignalboxCore
import Store
import Synchronization
import Testing

private struct SinkFailure: Error {}

/// A sink that holds every write until the test opens the gate, and can be told to fail.
private final class GatedSink: StoreRecordSink {
    private let state = Mutex<(open: Bool, failing: Bool, written: [StoreRecord], waiters: [CheckedContinuation<Void, Never>])>(
        (false, false, [], []))

    func write(_ records: [StoreRecord]) async throws {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
        try state.withLock { state in
            if state.failing { throw SinkFailure() }
            state.written += records
        }
    }

    func open() {
        for waiter in state.withLock({ state -> [CheckedContinuation<Void, Never>] in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }) { waiter.resume() }
    }

    func setFailing(_ failing: Bool) { state.withLock { $0.failing = failing } }
    var written: [StoreRecord] { state.withLock { $0.written } }
}

/// A sink that reports each batch's size as it is written.
private final class ReportingSink: StoreRecordSink {
    let batches: AsyncStream<Int>
    private let continuation: AsyncStream<Int>.Continuation
    private let records = Mutex<[StoreRecord]>([])

    init() { (batches, continuation) = AsyncStream.makeStream() }

    func write(_ records: [StoreRecord]) async throws {
        self.records.withLock { $0 += records }
        continuation.yield(records.count)
    }

    var written: [StoreRecord] { records.withLock { $0 } }
}

@Suite("Store writer")
struct StoreWriterTests {
    private static let logger = Logger(label: "store-writer-test")

    private func usage(_ index: Int) -> StoreRecord {
        .usage(
            UsageRecord(
                time: Date(timeIntervalSince1970: 1_750_000_000), requestID: "r\(index)", keyID: "vk_1", route: "gpt-4o",
                provider: "openai", model: "gpt-4o", status: 200, promptTokens: 10, completionTokens: index, costMicros: 5))
    }

    @Test("a full backlog is reported (and cleared under half) but nothing is refused or dropped; flush writes everything")
    func backlog() async throws {
        let sink = GatedSink()
        let changes = Mutex<[Bool]>([])
        let writer = StoreWriter(sink: sink, capacity: 4, batchLimit: 2, logger: Self.logger, onBacklogChange: { backlogged in
            changes.withLock { $0.append(backlogged) }
        })
        var states: [Bool] = []
        for index in 0..<10 {
            #expect(writer.enqueue(usage(index)), "a record of something that happened is never refused")
            states.append(writer.isBacklogged)
        }
        #expect(states == [false, false, false, true, true, true, true, true, true, true], "backlogged from the 4th record on")
        #expect(changes.withLock { $0 } == [true], "reported once")
        #expect(writer.rejectedCount == 0)
        #expect(writer.pendingCount == 10)

        sink.open()
        try await writer.flush()
        #expect(sink.written == (0..<10).map(usage))
        #expect(writer.pendingCount == 0)
        #expect(!writer.isBacklogged)
        #expect(changes.withLock { $0 } == [true, false], "cleared once drained")
        #expect(writer.enqueue(usage(99)))
        #expect(await writer.shutdown() == 0)
        #expect(sink.written.last == usage(99))
        #expect(!writer.enqueue(usage(100)), "a shut-down writer refuses")
        #expect(writer.rejectedCount == 1)
    }

    @Test("a failing batch is kept and retried: flush reports the failure, nothing is lost")
    func retriesFailures() async throws {
        let sink = GatedSink()
        sink.setFailing(true)
        sink.open()
        let writer = StoreWriter(sink: sink, capacity: 8, retryDelay: .milliseconds(5), maxRetryDelay: .milliseconds(20), logger: Self.logger)
        #expect(writer.enqueue(usage(1)))
        await #expect(throws: StoreError.self) { try await writer.flush() }
        #expect(writer.pendingCount == 1)
        sink.setFailing(false)
        // A retry that began before the sink recovered may still fail once and fail that flush.
        var flushed = false
        for _ in 0..<3 where !flushed { flushed = (try? await writer.flush()) != nil }
        #expect(flushed)
        #expect(sink.written == [usage(1)])
        await writer.shutdown()
    }

    // A gathering window of an hour: these tests end only if something other than the window's
    // timer ends it.
    private static let hour = Duration.seconds(3_600)

    @Test("a flush ends the gathering window at once", .timeLimit(.minutes(1)))
    func flushEndsTheWindow() async throws {
        let sink = ReportingSink()
        let writer = StoreWriter(sink: sink, capacity: 100, gatherDelay: Self.hour, logger: Self.logger)
        for index in 0..<3 { #expect(writer.enqueue(usage(index))) }
        try await writer.flush()
        #expect(sink.written.count == 3)
        #expect(await writer.shutdown() == 0)
    }

    @Test("a batch that fills up is written without waiting for the window to end", .timeLimit(.minutes(1)))
    func fullBatchEndsTheWindow() async throws {
        let sink = ReportingSink()
        let writer = StoreWriter(sink: sink, capacity: 100, batchLimit: 2, gatherDelay: Self.hour, logger: Self.logger)
        #expect(writer.enqueue(usage(1)) && writer.enqueue(usage(2)))
        var batches = sink.batches.makeAsyncIterator()
        #expect(await batches.next() == 2)
        #expect(await writer.shutdown() == 0)
    }

    @Test("shutdown ends the gathering window and writes what is queued", .timeLimit(.minutes(1)))
    func shutdownEndsTheWindow() async throws {
        let sink = ReportingSink()
        let writer = StoreWriter(sink: sink, capacity: 100, gatherDelay: Self.hour, logger: Self.logger)
        #expect(writer.enqueue(usage(1)))
        #expect(await writer.shutdown() == 0)
        #expect(sink.written.count == 1)
        #expect(!writer.enqueue(usage(2)), "closed")
    }

    @Test("shutdown with a database that keeps failing reports the unwritten records")
    func shutdownReportsUnwritten() async throws {
        let sink = GatedSink()
        sink.setFailing(true)
        sink.open()
        let writer = StoreWriter(
            sink: sink, capacity: 8, retryDelay: .milliseconds(1), maxRetryDelay: .milliseconds(2), shutdownAttempts: 2,
            logger: Self.logger)
        #expect(writer.enqueue(usage(1)) && writer.enqueue(usage(2)))
        #expect(await writer.shutdown() == 2)
    }

    @Test("audit and usage records written through the database land in one chain and in the totals")
    func writesToTheDatabase() async throws {
        let database = try SignalboxDatabase(path: ":memory:")
        let writer = StoreWriter(sink: database, capacity: 100, batchLimit: 7, logger: Self.logger)
        for index in 0..<20 {
            #expect(writer.enqueue(.audit(AuditEntryDraft(actor: "console", role: "operator", action: "provider.pause", target: "p\(index)"))))
            #expect(writer.enqueue(usage(index)))
        }
        try await writer.flush()
        #expect(try await SQLiteAuditLog(database: database).verify() == .intact(entries: 20))
        let totals = try await SQLiteUsageStore(database: database).totals(keyID: "vk_1", since: Date(timeIntervalSince1970: 0))
        #expect(totals == UsageTotals(requests: 20, promptTokens: 200, completionTokens: 190, costMicros: 100))
        #expect(try await SQLiteUsageStore(database: database).totals(keyID: nil, since: .distantPast).requests == 0)
        await writer.shutdown()
    }

    @Test("rows the writer reported written are on disk before any close (WAL commit): a crash copy has them")
    func durability() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let database = try temp.open()
        defer { try? database.close() }
        let writer = StoreWriter(sink: database, capacity: 100, logger: Self.logger)
        for index in 0..<5 {
            #expect(writer.enqueue(.audit(AuditEntryDraft(actor: "cli", role: "admin", action: "keys.create", target: "vk_\(index)"))))
        }
        try await writer.flush()  // "reported success": every accepted record is committed
        #expect(writer.enqueue(.audit(AuditEntryDraft(actor: "cli", role: "admin", action: "keys.list", target: "*"))))
        try await writer.flush()

        // What a crash right now would leave: the files as they are on disk, with the database still
        // open (no shutdown, no close, no checkpoint). Committed transactions live in the -wal file.
        #expect(FileManager.default.fileExists(atPath: temp.path + "-wal"))
        let crash = try TemporaryDatabase()
        defer { crash.cleanup() }
        for suffix in ["", "-wal"] {
            try FileManager.default.copyItem(atPath: temp.path + suffix, toPath: crash.path + suffix)
        }
        let recovered = try crash.open()
        defer { try? recovered.close() }
        let log = SQLiteAuditLog(database: recovered)
        #expect(try await log.verify() == .intact(entries: 6))
        #expect(try await log.entries(after: 5, limit: 10).first?.action == "keys.list")
        await writer.shutdown()
    }
}
