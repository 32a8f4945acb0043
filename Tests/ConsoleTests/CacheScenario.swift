import SignalboxCore

@testable import Console

/// `ConsoleScenario` with a response cache: six minutes of cache lookups on two routes before the
/// scenario's `now` (the hit rate climbing as the cache warms, a quiet minute without lookups, a
/// few semantic hits), with savings, the prompts the hits answered, and the engine's size figures.
enum CacheScenario {
    static let stats = CacheStatsSnapshot(
        entries: 1_204, maxEntries: 10_000, bytes: 3_250_000, maxBytes: 64 * 1024 * 1024, hits: 1_520, misses: 412, evictions: 12,
        expirations: 4)

    /// The prompts the hits answered, most frequent first in the rotation below.
    static let prompts: [(route: String, prompt: String)] = [
        ("support", "What is your refund policy for annual plans?"),
        ("support", "How do I reset my password?"),
        ("docs", "Summarize the 2.4 release notes in three bullet points"),
        ("support", "What are your opening hours?"),
        ("docs", "Translate 'good morning' into French"),
    ]

    /// The first bucket with lookups: six minutes before `ConsoleScenario.now` (on a bucket boundary).
    static let firstMs = ConsoleScenario.now - 360_000

    static func hit(
        _ number: Int, atMs: UInt64, route: String, prompt: String, semantic: Bool = false, savedMicros: Int64? = 1_250
    ) -> GatewayEvent {
        var finished = RequestFinished(
            id: RequestID(rawValue: "req_cache\(number)"), timestampMs: atMs, endpoint: .chatCompletions, requestedModel: route,
            provider: "openai", model: "gpt-4o-mini", stream: false, status: 200, attempts: 0, usage: Usage(promptTokens: 12, completionTokens: 30),
            timings: ConsoleScenario.timings(totalMs: 0.4), providerRequestID: nil, errorMessage: nil)
        finished.cache = semantic ? "hit-semantic" : "hit-exact"
        finished.savedCostMicros = savedMicros
        finished.cachePrompt = prompt
        finished.cacheSimilarity = semantic ? 0.957 : nil
        return .requestFinished(finished)
    }

    static func lookup(_ number: Int, atMs: UInt64, route: String, cache: String) -> GatewayEvent {
        var finished = RequestFinished(
            id: RequestID(rawValue: "req_cache\(number)"), timestampMs: atMs, endpoint: .chatCompletions, requestedModel: route,
            provider: "openai", model: "gpt-4o-mini", stream: false, status: 200, attempts: 1, usage: Usage(promptTokens: 12, completionTokens: 30),
            timings: ConsoleScenario.timings(totalMs: 400), providerRequestID: nil, errorMessage: nil, costMicros: 1_250)
        finished.cache = cache
        return .requestFinished(finished)
    }

    /// Per 10 s bucket k (0…35): k/6 exact hits (at most 4) and 3 - k/12 misses; nothing in buckets
    /// 12…17 (a quiet minute); a semantic hit (unpriced) every 9th bucket; a bypass every 4th.
    static var events: [GatewayEvent] {
        var events: [GatewayEvent] = []
        var number = 0
        var hitCount = 0
        for bucket in 0..<36 where !(12..<18).contains(bucket) {
            let base = firstMs + UInt64(bucket) * 10_000
            let exact = min(4, bucket / 6)
            for offset in 0..<exact {
                // A skewed rotation: prompt 0 most often, prompt 4 least.
                let pick = [0, 0, 1, 0, 2, 1, 0, 3, 1, 4][hitCount % 10]
                let (route, prompt) = prompts[pick]
                events.append(hit(number, atMs: base + 1_000 + UInt64(offset) * 500, route: route, prompt: prompt))
                number += 1
                hitCount += 1
            }
            for offset in 0..<(3 - bucket / 12) {
                events.append(lookup(number, atMs: base + 5_000 + UInt64(offset) * 500, route: "support", cache: "miss"))
                number += 1
            }
            if bucket % 9 == 8 {
                events.append(hit(number, atMs: base + 8_000, route: "docs", prompt: prompts[2].prompt, semantic: true, savedMicros: nil))
                number += 1
            }
            if bucket % 4 == 3 {
                events.append(lookup(number, atMs: base + 9_000, route: "support", cache: "bypass"))
                number += 1
            }
        }
        return events
    }

    static func model(width: Int = 80, height: Int = 24, readOnly: Bool = false) -> ConsoleModel {
        var model = ConsoleScenario.model(width: width, height: height, readOnly: readOnly)
        for event in events { model.apply(event) }
        model.apply(cacheStats: stats)
        model.tick(nowMs: ConsoleScenario.now)
        return model
    }
}
