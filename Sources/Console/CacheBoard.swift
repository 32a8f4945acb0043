import SignalboxCore

/// The response cache as the console knows it: lookups, savings and top prompts folded from
/// request-finish events (O(1) per event), and the engine's size and counters from the last fetch.
struct CacheBoard: Sendable, Hashable {
    /// What the last `cacheStats()` fetch said.
    enum Size: Sendable, Hashable {
        /// Not fetched yet (the view is fetched only while shown).
        case unknown
        /// No route caches responses.
        case off
        case stats(CacheStatsSnapshot)
    }

    private(set) var tally = CacheTally()
    private(set) var history = CacheHitHistory()
    private(set) var prompts = CachePromptTable()
    private(set) var size = Size.unknown

    mutating func record(_ finished: RequestFinished) {
        let outcome = CacheOutcome(event: finished.cache)
        tally.record(outcome, tokens: finished.usage?.totalTokens, savedMicros: finished.savedCostMicros)
        history.record(outcome, atMs: finished.timestampMs)
        if outcome.isHit, let prompt = finished.cachePrompt, !prompt.isEmpty {
            prompts.record(prompt: prompt, route: finished.requestedModel, atMs: finished.timestampMs)
        }
    }

    mutating func apply(_ stats: CacheStatsSnapshot?) {
        size = stats.map(Size.stats) ?? .off
    }

    /// True once the engine said no route caches and this session saw no lookup: the view explains
    /// how to turn the cache on instead of showing zeros.
    var isOff: Bool { size == .off && tally.lookups == 0 }
}
