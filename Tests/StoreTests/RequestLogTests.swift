import Foundation
import GRDB
@testable import Store
import SignalboxCore
import Testing

@Suite("Request log")
struct RequestLogTests {
    /// 2026-11-26T00:00:00Z.
    static let base: Int64 = 1_795_651_200_000

    /// Row `i`: key k(i % 3), route r(i % 2), provider p(i % 4), status 200 but every 10th 500 and
    /// every 7th 429, latency i ms, cost i µ$ (none for multiples of 5), one minute apart.
    static func record(_ i: Int) -> RequestLogRecord {
        RequestLogRecord(
            requestID: "req_\(i)", timeMs: base + Int64(i) * 60_000, keyID: "k\(i % 3)", endpoint: "chat.completions", route: "r\(i % 2)",
            provider: "p\(i % 4)", model: "m", status: i % 10 == 0 ? 500 : (i % 7 == 0 ? 429 : 200), attempts: 1, stream: i % 2 == 0,
            latencyMs: Double(i), promptTokens: i, completionTokens: 2 * i, costMicros: i % 5 == 0 ? nil : Int64(i))
    }

    static func filled(_ count: Int) async throws -> (SignalboxDatabase, TemporaryDatabase) {
        let temp = try TemporaryDatabase()
        let database = try temp.open()
        try await database.write((0..<count).map { .request(record($0)) })
        return (database, temp)
    }

    @Test("each filter alone and together returns exactly the matching rows, newest first")
    func filters() async throws {
        let (database, temp) = try await Self.filled(200)
        defer { temp.cleanup() }
        let log = SQLiteRequestLog(database: database)
        let all = (0..<200).map(Self.record)
        let cases: [(RequestLogQuery, (RequestLogRecord) -> Bool)] = [
            (RequestLogQuery(keyID: "k1"), { $0.keyID == "k1" }),
            (RequestLogQuery(route: "r0"), { $0.route == "r0" }),
            (RequestLogQuery(provider: "p3"), { $0.provider == "p3" }),
            (RequestLogQuery(status: 429), { $0.status == 429 }),
            (RequestLogQuery(statusClass: 5), { $0.status >= 500 }),
            (RequestLogQuery(fromMs: Self.base + 50 * 60_000, untilMs: Self.base + 60 * 60_000), { (50..<60).contains(($0.timeMs - Self.base) / 60_000) }),
            (RequestLogQuery(minLatencyMs: 150), { $0.latencyMs >= 150 }),
            (RequestLogQuery(maxLatencyMs: 9.5), { $0.latencyMs <= 9.5 }),
            (RequestLogQuery(minCostMicros: 190), { ($0.costMicros ?? -1) >= 190 }),
            (RequestLogQuery(keyID: "k0", provider: "p2", statusClass: 2, minLatencyMs: 20), {
                $0.keyID == "k0" && $0.provider == "p2" && $0.status < 300 && $0.latencyMs >= 20
            }),
        ]
        for (query, matches) in cases {
            var query = query
            query.limit = 1_000
            let page = try await log.search(query)
            let expected = all.filter(matches).sorted { $0.timeMs > $1.timeMs }.map(\.requestID)
            #expect(!expected.isEmpty)
            #expect(page.records.map(\.requestID) == expected, "\(query)")
            #expect(page.next == nil)
        }
    }

    @Test("pages follow each other without gaps or repeats, also with equal timestamps")
    func pagination() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let database = try temp.open()
        // Groups of three rows share a timestamp.
        try await database.write((0..<95).map { i in
            var record = Self.record(i)
            record.timeMs = Self.base + Int64(i / 3)
            return .request(record)
        })
        let log = SQLiteRequestLog(database: database)
        var seen: [String] = []
        var cursor: RequestLogCursor?
        repeat {
            let page = try await log.search(RequestLogQuery(before: cursor, limit: 10))
            seen += page.records.map(\.requestID)
            cursor = page.next
            if let text = cursor?.text { #expect(RequestLogCursor(text: text) == cursor) }
        } while cursor != nil
        #expect(seen.count == 95)
        #expect(Set(seen).count == 95)
        #expect(seen.first == "req_94")
    }

    @Test("retention removes old metadata and old bodies separately")
    func retention() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let database = try temp.open()
        try await database.write((0..<12_000).map { i in
            var record = Self.record(i)
            record.timeMs = Self.base + Int64(i)
            if i % 2 == 0 { record.requestBody = "{\"n\":\(i)}" }
            return .request(record)
        })
        let log = SQLiteRequestLog(database: database)
        let removed = try await log.purge(metadataBeforeMs: Self.base + 11_000, bodiesBeforeMs: Self.base + 11_500)
        #expect(removed.metadata == 11_000)
        #expect(removed.bodies == 5_750, "bodies of removed rows go too, and bodies older than their own retention")
        #expect(try await log.record(requestID: "req_10999") == nil)
        #expect(try await log.record(requestID: "req_11400")?.requestBody == nil)
        #expect(try await log.record(requestID: "req_11600")?.requestBody == "{\"n\":11600}")
        #expect(try await log.search(RequestLogQuery(limit: 1_000)).records.count == 1_000)
    }

    @Test("redacted bodies keep their shape and names, never the text")
    func redaction() {
        let chat = Array(
            #"{"model":"gpt-4o","messages":[{"role":"user","content":"my card is 4111 1111"}],"temperature":0.2,"tools":[{"type":"function","function":{"name":"lookup","description":"secret plans"}}]}"#
                .utf8)
        let redacted = BodyRedaction.redact(chat)
        #expect(!redacted.contains("4111"))
        #expect(!redacted.contains("secret plans"))
        #expect(redacted.contains(#""content":"[redacted: 20 chars]""#))
        #expect(redacted.contains(#""model":"gpt-4o""#))
        #expect(redacted.contains(#""role":"user""#))
        #expect(redacted.contains(#""name":"lookup""#))
        #expect(redacted.contains(#""temperature":0.2"#))
        let stream = Array("data: {\"choices\":[{\"delta\":{\"content\":\"hello world\"}}]}\n\ndata: [DONE]\n\n".utf8)
        let redactedStream = BodyRedaction.redact(stream)
        #expect(!redactedStream.contains("hello world"))
        #expect(redactedStream.contains("[redacted: 11 chars]"))
        #expect(redactedStream.contains("data: [DONE]"))
    }

    @Test("the writer redacts bodies marked for it before they are stored")
    func writerRedacts() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let database = try temp.open()
        var record = Self.record(1)
        record.requestBody = #"{"messages":[{"role":"user","content":"private words"}]}"#
        record.responseBody = #"{"choices":[{"message":{"content":"private answer"}}]}"#
        record.bodyCapture = .redacted
        try await database.write([.request(record)])
        let stored = try #require(try await SQLiteRequestLog(database: database).record(requestID: "req_1"))
        #expect(stored.requestBody?.contains("private") == false)
        #expect(stored.responseBody?.contains("private") == false)
        #expect(stored.requestBody?.contains("[redacted: 13 chars]") == true)
    }

    @Test("a database from v1 upgrades in place and keeps its keys")
    func upgradeFromV1() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let old = try DatabaseQueue(path: temp.path)
        try SignalboxDatabase.migrator.migrate(old, upTo: "v1")
        try await old.write { db in
            try db.execute(
                sql: """
                    INSERT INTO virtual_keys (id, name, prefix, hash, allowed_routes, metadata, enabled, created_at_ms)
                    VALUES ('vk_old', 'old', 'sk-sb-Ab', 'ab', '[]', '{}', 1, 0)
                    """)
        }
        try old.close()
        let database = try temp.open()
        #expect(try database.appliedMigrations() == ["v1", "v2", "v3", "v4", "v5"])
        let key = try #require(try await SQLiteKeyStore(database: database).key(id: "vk_old"))
        #expect(key.limits.isEmpty)
        #expect(key.budget == nil)
    }
}
