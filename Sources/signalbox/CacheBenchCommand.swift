import ArgumentParser
import Cache
import Foundation

/// Times the semantic cache's vector index at cache scale: fills it with `--entries` random unit
/// vectors (seeded, so every run sees the same data), then runs `--queries` lookups — half a stored
/// vector turned to a cosine between 0.85 and 0.99 (around the hit threshold), half random — and
/// compares each with the brute-force answer. Hidden from help; prints one JSON object and exits
/// non-zero when the p50 of the cache's lookup (best match at `--threshold`) is over 1 ms.
struct CacheBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache-bench", abstract: "Time semantic-cache vector-index lookups.", shouldDisplay: false)

    @Option var entries = 100_000
    @Option var dimensions = 384
    @Option var queries = 1_000
    @Option(help: "The cache-hit threshold the hit lookups use.") var threshold: Float = 0.93
    @Option var rerankDepth = 64
    @Option var seed: UInt64 = 42

    func validate() throws {
        guard entries > 0, dimensions > 0, queries >= 2, rerankDepth >= 0 else { throw ValidationError("sizes and counts must be positive") }
    }

    func run() throws {
        var index = VectorIndex(dimensions: dimensions, rerankDepth: rerankDepth)
        let residentBefore = Self.residentBytes()
        var insertSamples: [Double] = []
        insertSamples.reserveCapacity(entries)
        for id in 0..<entries {
            let vector = entry(id)
            let began = ContinuousClock.now
            try index.insert(id: UInt64(id), vector: vector)
            insertSamples.append(Self.milliseconds(ContinuousClock.now - began))
        }
        let residentAfter = Self.residentBytes()

        var generator = SeededGenerator(seed: seed ^ 0xC0FF_EE00)
        let probes = (0..<queries).map { number -> (query: [Float], perturbed: Bool) in
            if number % 2 == 0 {
                let source = entry(Int.random(in: 0..<entries, using: &generator))
                return (Self.turned(source, toCosine: Float.random(in: 0.85...0.99, using: &generator), using: &generator), true)
            }
            return (Self.randomVector(dimensions, using: &generator), false)
        }
        for probe in probes.prefix(20) { _ = try index.search(probe.query, k: 10) }  // warm-up

        // Lookups are timed in passes of their own: a brute-force scan between two lookups would
        // evict the codes from the caches, which a gateway between two requests does not.
        var hitSamples: [Double] = []
        var hitResults: [VectorMatch?] = []
        for probe in probes {
            let began = ContinuousClock.now
            hitResults.append(try index.search(probe.query, k: 1, minSimilarity: threshold).first)
            hitSamples.append(Self.milliseconds(ContinuousClock.now - began))
        }
        var topSamples: [Double] = []
        var topResults: [[VectorMatch]] = []
        for probe in probes {
            let began = ContinuousClock.now
            topResults.append(try index.search(probe.query, k: 10))
            topSamples.append(Self.milliseconds(ContinuousClock.now - began))
        }
        var exactSamples: [Double] = []
        var recall = ["perturbed": RecallTally(), "random": RecallTally()]
        var hits = 0
        var agreed = 0
        for (number, probe) in probes.enumerated() {
            let began = ContinuousClock.now
            let exact = try index.exactSearch(probe.query, k: 10)
            exactSamples.append(Self.milliseconds(ContinuousClock.now - began))
            recall[probe.perturbed ? "perturbed" : "random"]!.add(found: topResults[number], exact: exact)
            let exactHit = exact.first.flatMap { $0.similarity >= threshold ? $0.id : nil }
            if exactHit != nil { hits += 1 }
            if exactHit == hitResults[number]?.id { agreed += 1 }
        }

        let hitLookup = Self.percentiles(hitSamples)
        let topLookup = Self.percentiles(topSamples)
        let output: [String: Any] = [
            "entries": entries, "dimensions": dimensions, "queries": queries, "rerank_depth": rerankDepth,
            "index": "256-bit SimHash code scan, then exact Float32 re-rank",
            "insert_s": Self.round(insertSamples.reduce(0, +) / 1_000), "insert_ms": Self.percentiles(insertSamples),
            "memory_estimate_mb": Self.round(Double(index.estimatedMemoryBytes) / 1_048_576),
            "rss_growth_mb": Self.round(Double(residentAfter - residentBefore) / 1_048_576),
            "lookup_hit_ms": hitLookup, "lookup_top10_ms": topLookup, "exact_scan_ms": Self.percentiles(exactSamples),
            "recall": recall.mapValues { $0.summary },
            "hit_decisions": ["threshold": Double(threshold), "exact_hits": hits, "agreeing": agreed, "of": probes.count],
        ]
        let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        // The cache's lookup is the thresholded one; top-10 without a threshold is reported for recall.
        if (hitLookup["p50"] ?? .infinity) > 1 { throw ExitCode(1) }
    }

    /// Entry `id`'s vector, regenerated on demand so the benchmark keeps no copy of the data.
    private func entry(_ id: Int) -> [Float] {
        var generator = SeededGenerator(seed: seed &+ UInt64(id) &* 0x9E37_79B9_7F4A_7C15)
        return Self.randomVector(dimensions, using: &generator)
    }

    static func randomVector(_ dimensions: Int, using generator: inout SeededGenerator) -> [Float] {
        normalized((0..<dimensions).map { _ in generator.nextGaussian() })
    }

    /// A unit vector at exactly `cosine` to `source`: source·c + (a random direction orthogonal to it)·√(1−c²).
    static func turned(_ source: [Float], toCosine cosine: Float, using generator: inout SeededGenerator) -> [Float] {
        let unit = normalized(source)
        let noise = randomVector(unit.count, using: &generator)
        let along = zip(noise, unit).reduce(0) { $0 + $1.0 * $1.1 }
        let orthogonal = normalized(zip(noise, unit).map { $0 - along * $1 })
        let side = (1 - cosine * cosine).squareRoot()
        return zip(unit, orthogonal).map { cosine * $0 + side * $1 }
    }

    static func normalized(_ vector: [Float]) -> [Float] {
        let length = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / length }
    }

    static func percentiles(_ samples: [Double]) -> [String: Double] {
        let sorted = samples.sorted()
        func at(_ fraction: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))] }
        return ["p50": round(at(0.5), places: 4), "p99": round(at(0.99), places: 4), "max": round(sorted.last ?? 0, places: 4)]
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1e3 + Double(duration.components.attoseconds) / 1e15
    }

    static func round(_ value: Double, places: Int = 2) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }

    /// Resident set size from /proc (0 where there is none).
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
            let pages = statm.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}

/// Recall@1 and @10 of the index's top 10 against the brute-force top 10.
private struct RecallTally {
    var queries = 0
    var firstFound = 0
    var tenFound = 0
    var tenExpected = 0

    mutating func add(found: [VectorMatch], exact: [VectorMatch]) {
        queries += 1
        if found.first?.id == exact.first?.id { firstFound += 1 }
        let foundIDs = Set(found.map(\.id))
        tenFound += exact.filter { foundIDs.contains($0.id) }.count
        tenExpected += exact.count
    }

    var summary: [String: Double] {
        ["queries": Double(queries), "recall_at_1": Double(firstFound) / Double(max(1, queries)), "recall_at_10": Double(tenFound) / Double(max(1, tenExpected))]
    }
}
