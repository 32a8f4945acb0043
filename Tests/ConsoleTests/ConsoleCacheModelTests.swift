import SignalboxCore
import Testing

@testable import Console

/// The cache figures' arithmetic with explicit times, and the purge action's keys.
@Suite struct ConsoleCacheModelTests {
    /// A bucket boundary (2025-06-15 15:06:40 UTC).
    static let t0: UInt64 = 1_750_000_000_000

    // MARK: - Hit rate buckets

    @Test func lookupsFallInTenSecondBucketsAndBypassIsNotOne() {
        var history = CacheHitHistory()
        history.record(.hitExact, atMs: Self.t0)
        history.record(.miss, atMs: Self.t0 + 9_999)
        history.record(.hitSemantic, atMs: Self.t0 + 10_000)
        history.record(.bypass, atMs: Self.t0 + 10_001)
        history.record(.hitExact, atMs: Self.t0 + 35_000)
        let window = history.window(count: 4, endingAtMs: Self.t0 + 39_000)
        #expect(window.map(\.index) == (0..<4).map { Self.t0 / 10_000 + UInt64($0) })
        #expect(window.map(\.exact) == [1, 0, 0, 1])
        #expect(window.map(\.semantic) == [0, 1, 0, 0])
        #expect(window.map(\.misses) == [1, 0, 0, 0])
        #expect(window.map(\.lookups) == [2, 1, 0, 1])
        // The last 20 s: the current bucket and the one before (empty); the last 40 s: everything.
        #expect(history.totals(lastSeconds: 20, nowMs: Self.t0 + 39_000) == (1, 1))
        #expect(history.totals(lastSeconds: 40, nowMs: Self.t0 + 39_000) == (3, 4))
        // A window ending before the last bucket leaves it out.
        #expect(history.totals(lastSeconds: 40, nowMs: Self.t0 + 29_000) == (2, 3))
    }

    @Test func aLateEventLandsInItsOwnBucket() {
        var history = CacheHitHistory()
        history.record(.miss, atMs: Self.t0 + 50_000)
        history.record(.hitExact, atMs: Self.t0 + 12_000)  // arrives after a later one
        history.record(.hitExact, atMs: Self.t0 + 51_000)
        #expect(history.buckets.map(\.index) == [Self.t0 / 10_000 + 1, Self.t0 / 10_000 + 5])
        #expect(history.buckets.map(\.hits) == [1, 1])
        #expect(history.buckets.map(\.misses) == [0, 1])
    }

    @Test func historyIsBoundedToItsCapacityOfBuckets() {
        var history = CacheHitHistory()
        let bucket = CacheHitHistory.bucketMs
        for index in 0..<(CacheHitHistory.capacity + 20) {
            history.record(.hitExact, atMs: Self.t0 + UInt64(index) * bucket)
        }
        #expect(history.buckets.count == CacheHitHistory.capacity)
        #expect(history.buckets.first?.index == Self.t0 / bucket + 20)
        // Too old to keep: ignored.
        history.record(.miss, atMs: Self.t0)
        #expect(history.buckets.count == CacheHitHistory.capacity)
        #expect(history.buckets.allSatisfy { $0.misses == 0 })
        // A jump past the whole history starts over.
        history.record(.miss, atMs: Self.t0 + UInt64(10 * CacheHitHistory.capacity) * bucket)
        #expect(history.buckets.count == 1)
    }

    @Test func aColumnStacksSemanticAboveExactInWholeCells() {
        func glyphs(_ exact: Int, _ semantic: Int, _ misses: Int, rows: Int = 4) -> String {
            let bucket = CacheHitHistory.Bucket(index: 0, exact: exact, semantic: semantic, misses: misses)
            return String(ConsoleModel.hitRateColumn(bucket, rows: rows).map(\.glyph))
        }
        #expect(glyphs(0, 0, 0) == "·   ")  // no lookups: a dot on the baseline
        #expect(glyphs(0, 0, 5) == "    ")  // lookups, no hits
        #expect(glyphs(1, 0, 0) == "████")
        #expect(glyphs(1, 0, 1) == "██  ")
        #expect(glyphs(1, 0, 3) == "█   ")
        #expect(glyphs(1, 0, 7) == "▄   ")  // 12.5 % of 4 rows: half a cell
        #expect(glyphs(2, 1, 1) == "██▒ ")
        #expect(glyphs(0, 1, 99) == "▒   ")  // a semantic hit always shows
    }

    // MARK: - Session figures

    @Test func savingsSumTheHitsOnly() {
        var board = CacheBoard()
        let events: [GatewayEvent] = [
            CacheScenario.hit(1, atMs: Self.t0, route: "support", prompt: "a", savedMicros: 1_250),
            CacheScenario.hit(2, atMs: Self.t0, route: "support", prompt: "a", semantic: true, savedMicros: 750),
            CacheScenario.hit(3, atMs: Self.t0, route: "support", prompt: "b", savedMicros: nil),
            CacheScenario.lookup(4, atMs: Self.t0, route: "support", cache: "miss"),
            CacheScenario.lookup(5, atMs: Self.t0, route: "support", cache: "bypass"),
            CacheScenario.lookup(6, atMs: Self.t0, route: "support", cache: "hit-fuzzy"),  // unknown: not a lookup
        ]
        for case .requestFinished(let finished) in events { board.record(finished) }
        let tally = board.tally
        #expect((tally.exactHits, tally.semanticHits, tally.misses, tally.bypassed) == (2, 1, 1, 2))
        #expect(tally.tokensSaved == 3 * 42)
        #expect(tally.savedMicros == 2_000)
        #expect(tally.unpricedHits == 1)
        #expect(tally.hitRate == 0.75)
        #expect(CacheTally().hitRate == nil)
        #expect(board.prompts.top(5).map { "\($0.prompt) \($0.hits)" } == ["a 2", "b 1"])
        #expect(!board.isOff)
        board.apply(nil)
        #expect(!board.isOff)  // lookups happened: the view shows them, with the size "off now"
        var fresh = CacheBoard()
        fresh.apply(nil)
        #expect(fresh.isOff)
    }

    // MARK: - Top prompts

    @Test func promptsAggregatePerRouteAndRankByHitsThenRecency() {
        var table = CachePromptTable()
        table.record(prompt: "refund?", route: "support", atMs: 1)
        table.record(prompt: "hours?", route: "support", atMs: 2)
        table.record(prompt: "refund?", route: "support", atMs: 3)
        table.record(prompt: "refund?", route: "docs", atMs: 4)  // another route: another row
        table.record(prompt: "line one\nline two\ttab", route: "docs", atMs: 5)
        #expect(table.count == 4)
        #expect(
            table.top(10).map { "\($0.route) \($0.prompt) \($0.hits)" } == [
                "support refund? 2", "docs line one line two tab 1", "docs refund? 1", "support hours? 1",
            ])
        #expect(table.top(1).first?.lastHitMs == 3)
    }

    @Test func thePromptTableKeepsItsCapEvictingTheLeastHit() {
        var table = CachePromptTable(capacity: 3)
        table.record(prompt: "a", route: "r", atMs: 1)
        table.record(prompt: "a", route: "r", atMs: 2)
        table.record(prompt: "b", route: "r", atMs: 3)
        table.record(prompt: "b", route: "r", atMs: 4)
        table.record(prompt: "c", route: "r", atMs: 5)
        table.record(prompt: "d", route: "r", atMs: 6)  // full: c (1 hit) goes
        #expect(table.count == 3)
        #expect(Set(table.top(10).map(\.prompt)) == ["a", "b", "d"])
        table.record(prompt: "d", route: "r", atMs: 7)
        table.record(prompt: "d", route: "r", atMs: 8)
        table.record(prompt: "e", route: "r", atMs: 9)  // a and b have 2 hits; a was hit longer ago
        #expect(table.top(10).map(\.prompt) == ["d", "b", "e"])
        #expect(CachePromptTable().capacity == 200)
        var big = CachePromptTable()
        for index in 0..<1_000 { big.record(prompt: "prompt \(index)", route: "r", atMs: UInt64(index)) }
        #expect(big.count == CachePromptTable.capacity)
    }

    // MARK: - Fetches and the purge

    @Test func theSizeIsFetchedOnlyWhileTheViewIsShown() {
        var model = CacheScenario.model()
        #expect(model.cacheRefresh == nil)
        #expect(model.press(.character("5")) == [.refreshCacheStats])
        #expect(model.cacheRefresh == .refreshCacheStats)
        #expect(model.press(.control("r")) == [.refreshCacheStats])
        var schedule = RefreshSchedule(nowMs: 0)
        #expect(schedule.due(nowMs: 999, view: .cache, auditRefresh: nil, cacheRefresh: .refreshCacheStats) == [])
        #expect(schedule.due(nowMs: 1_000, view: .cache, auditRefresh: nil, cacheRefresh: .refreshCacheStats) == [.refreshCacheStats])
        #expect(schedule.due(nowMs: 1_500, view: .cache, auditRefresh: nil, cacheRefresh: .refreshCacheStats) == [])
        #expect(
            schedule.due(nowMs: 2_000, view: .cache, auditRefresh: nil, cacheRefresh: .refreshCacheStats) == [.refreshProviders, .refreshCacheStats])
        #expect(schedule.due(nowMs: 3_000, view: .overview, auditRefresh: nil, cacheRefresh: nil) == [])
        model.press(.character("1"))
        #expect(model.cacheRefresh == nil)
    }

    @Test func purgeAsksFirstWithCancelFocusedThenExecutes() throws {
        var model = CacheScenario.model()
        model.press(.character("5"))
        #expect(model.screen.text(row: 23).contains("P purge"))
        #expect(model.press(.character("P")) == [])
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "dialog-purge-cache-80x24")
        #expect(screen.snapshot.contains("Purge all cached answers?"))
        #expect(screen.snapshot.contains("Removes all 1204 entries (3.1 MiB) from memory and the store."))
        let cancel = try #require(screen.locate("[▸Cancel◂]"))
        #expect(screen[cancel.x + 2, cancel.y].role == .buttonFocused)
        // Enter on Cancel runs nothing.
        #expect(model.press(.enter) == [])
        #expect(model.press(.character("P"), .tab, .enter) == [.execute(.purgeCache(CachePurge()))])
        #expect(model.screen.snapshot.contains("purge cache entries…"))
        model.apply(outcome: .done("purged 1204 cache entries"), for: .purgeCache(CachePurge()))
        #expect(model.screen.text(row: 22).contains("✔ purged 1204 cache entries"))
    }

    @Test func theCommandLinePurgesOneRoute() {
        var model = CacheScenario.model()
        model.press(.character(":"))
        model.type("purge-cache support")
        model.press(.enter)
        #expect(model.screen.snapshot.contains("Purge the cached answers of route support?"))
        #expect(model.press(.tab, .enter) == [.execute(.purgeCache(CachePurge(route: "support")))])
        model.press(.character(":"))
        model.type("purge-cache a b")
        model.press(.enter)
        #expect(model.screen.snapshot.contains("usage: :purge-cache [ROUTE]"))
    }

    @Test func aReadOnlyConsoleNeitherOffersNorRunsThePurge() {
        var model = CacheScenario.model(readOnly: true)
        model.press(.character("5"))
        #expect(!model.screen.text(row: 23).contains("purge"))
        #expect(model.press(.character("P")) == [])
        #expect(model.dialog == nil)
        #expect(model.screen.snapshot.contains("read-only console: purge every cached answer (memory and store) is disabled"))
        model.press(.character(":"))
        model.type("purge-cache")
        #expect(model.press(.enter) == [])
        #expect(model.dialog == nil)
        #expect(model.screen.snapshot.contains("read-only console: :purge-cache is disabled"))
        model.press(.character("?"))
        #expect(!model.screen.snapshot.contains("purge every cached answer"))
    }

    @Test func withoutACacheThereIsNothingToPurge() {
        var model = ConsoleScenario.model()
        model.press(.character("5"), .character("P"))
        #expect(model.dialog == nil)
        #expect(model.screen.snapshot.contains("no route caches responses: there is nothing to purge"))
    }
}
