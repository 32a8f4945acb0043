import ArgumentParser
import Foundation
import SignalboxCore
import Store

/// `make bench` times request-log searches on a large log: fills a fresh SQLite file with
/// `--rows` synthetic requests (a week of traffic over 50 keys, 8 routes, 5 providers) through
/// the same insert path the gateway uses, then runs each admin-API search `--runs` times.
/// Hidden from help; prints one JSON object.
struct RequestLogBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "request-log-bench", abstract: "Time request-log searches on a large log (used by make bench).", shouldDisplay: false)

    @Option var rows = 1_000_000
    @Option var runs = 20
    @Option(help: "The database file to fill (default: a temporary file, removed afterwards).") var path: String?

    func run() async throws {
        let file = path ?? FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-log-bench-\(UUID().uuidString).db").path
        defer { if path == nil { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: file + suffix) } } }
        let database = try SignalboxDatabase(path: file)
        let start: Int64 = 1_795_000_000_000
        let span: Int64 = 7 * 86_400_000
        let fillStart = ContinuousClock.now
        var generator = SystemRandomNumberGenerator()
        for batchStart in stride(from: 0, to: rows, by: 10_000) {
            let records = (batchStart..<min(rows, batchStart + 10_000)).map { i -> StoreRecord in
                let status = Int.random(in: 0..<100, using: &generator)
                return .request(
                    RequestLogRecord(
                        requestID: "req_bench_\(i)", timeMs: start + Int64(i) * span / Int64(rows), keyID: "vk_\(i % 50)", endpoint: "chat.completions",
                        route: "route-\(i % 8)", provider: "provider-\(i % 5)", model: "model-\(i % 8)",
                        status: status < 2 ? 500 : (status < 5 ? 429 : 200), attempts: 1, stream: i % 3 == 0,
                        latencyMs: Double(Int.random(in: 20...4_000, using: &generator)), promptTokens: 100, completionTokens: 200,
                        costMicros: Int64.random(in: 10...5_000, using: &generator)))
            }
            try await database.write(records)
        }
        let fillSeconds = Self.seconds(ContinuousClock.now - fillStart)
        try database.optimize()
        let log = SQLiteRequestLog(database: database)
        let middle = start + span / 2
        let queries: [(String, RequestLogQuery)] = [
            ("newest", RequestLogQuery()),
            ("key", RequestLogQuery(keyID: "vk_17")),
            ("route", RequestLogQuery(route: "route-3")),
            ("provider+5xx", RequestLogQuery(provider: "provider-2", statusClass: 5)),
            ("status 429", RequestLogQuery(status: 429)),
            ("last hour", RequestLogQuery(fromMs: start + span - 3_600_000)),
            ("one hour mid-week", RequestLogQuery(fromMs: middle, untilMs: middle + 3_600_000)),
            ("latency >= 3990 ms", RequestLogQuery(minLatencyMs: 3_990)),
            ("cost >= $0.00499", RequestLogQuery(minCostMicros: 4_990)),
            ("key+route+time+latency", RequestLogQuery(keyID: "vk_3", route: "route-3", fromMs: middle, minLatencyMs: 1_000)),
            ("page 20 of key", RequestLogQuery(keyID: "vk_17", limit: 50)),
        ]
        var results: [[String: Any]] = []
        var worst = 0.0
        for (name, query) in queries {
            var samples: [Double] = []
            var found = 0
            for _ in 0..<runs {
                let began = ContinuousClock.now
                if name.hasPrefix("page") {
                    var cursor: RequestLogCursor?
                    for _ in 0..<20 {
                        var paged = query
                        paged.before = cursor
                        let page = try await log.search(paged)
                        cursor = page.next
                        found = page.records.count
                    }
                } else {
                    found = try await log.search(query).records.count
                }
                samples.append(Self.seconds(ContinuousClock.now - began) * 1_000)
            }
            samples.sort()
            let p50 = samples[samples.count / 2]
            let max = samples.last ?? 0
            worst = Swift.max(worst, max)
            results.append(["query": name, "rows_returned": found, "p50_ms": Self.round(p50), "max_ms": Self.round(max)])
        }
        let output: [String: Any] = [
            "rows": rows, "fill_seconds": Self.round(fillSeconds), "file_mb": Self.round(Self.fileMB(file)), "queries": results,
            "worst_max_ms": Self.round(worst),
        ]
        let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func round(_ value: Double) -> Double { (value * 100).rounded() / 100 }

    static func fileMB(_ path: String) -> Double {
        ["", "-wal"].reduce(0.0) { total, suffix in
            total + Double(((try? FileManager.default.attributesOfItem(atPath: path + suffix))?[.size] as? Int) ?? 0) / 1_048_576
        }
    }
}
