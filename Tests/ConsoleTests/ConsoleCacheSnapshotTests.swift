import SignalboxCore
import Testing

@testable import Console

/// The Cache view, rendered (its empty state is the plain scenario's, in
/// `ConsoleSnapshotTests.everyViewAtBothSizes`), and the cache in the overview, the request list
/// and the inspector.
@Suite struct ConsoleCacheSnapshotTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func populatedCacheView(size: (Int, Int)) throws {
        var model = CacheScenario.model(width: size.0, height: size.1)
        #expect(model.press(.character("5")) == [.refreshCacheStats])
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "cache-populated-\(size.0)x\(size.1)")
        let text = screen.snapshot
        // 75 hits of 135 lookups this session; 21 of 26 in the last minute; bypass apart (8 here and
        // the plain scenario's 11 requests, which had no cache).
        #expect(text.contains("55.6% this session · 80.8% last minute"))
        #expect(text.contains("75 hits (72 exact · 3 semantic) · 60 misses · 19 bypassed"))
        // 75 hits × 42 tokens; 72 priced hits × $0.00125, the 3 semantic ones unpriced.
        #expect(text.contains("3150 tokens · $0.0900 · 3 hits unpriced"))
        #expect(text.contains("1204/10.0k entries · 3.1 MiB/64.0 MiB · 12% full"))
        #expect(text.contains("12 evicted · 4 expired"))
        // Most hit first: the refund question (30), then the password (21), then the docs summary (7 exact + 3 semantic).
        let refund = try #require(screen.locate("What is your refund policy"))
        let password = try #require(screen.locate("How do I reset my password?"))
        let summary = try #require(screen.locate("Summarize the 2.4 release notes"))
        #expect(refund.y < password.y && password.y < summary.y)
        #expect(screen.text(row: refund.y).contains(" 30 support"))
        #expect(screen.text(row: summary.y).contains(" 10 docs"))
        #expect(text.contains("Top hit prompts · this session · 5 prompts"))
        // The chart: a quiet minute shows as no-lookup dots, the newest buckets as high bars.
        let chartTop = 3
        let rows = model.cacheChartRows
        let baseline = screen.text(row: chartTop + rows - 1)
        #expect(baseline.contains("······"))
        let top = screen.text(row: chartTop)
        #expect(top.hasPrefix(" 100%│"))
        #expect(screen.text(row: chartTop + rows - 2).contains("█"))
        #expect(screen.text(row: chartTop + rows / 2).hasPrefix("  50%│"))
        #expect(screen.text(row: chartTop + rows).contains("now"))
    }

    @Test func theChartsNewestColumnIsTheCurrentBucket() throws {
        var model = CacheScenario.model()
        model.press(.character("5"))
        let screen = model.screen
        let bottom = 3 + model.cacheChartRows - 1
        let lastColumn = ConsoleModel.cacheChartX + model.cacheChartBuckets - 1
        // The current bucket saw no lookup: a dot on the baseline.
        #expect(screen[lastColumn, bottom].character == "·")
        // The bucket before: 4 exact hits, 1 semantic, 1 miss — exact below (█), semantic stacked above (▒).
        let previous = lastColumn - 1
        #expect(screen[previous, bottom].character == "█")
        #expect(screen[previous, bottom].role == .accent)
        #expect((0..<model.cacheChartRows).contains { screen[previous, bottom - $0].character == "▒" })
    }

    @Test func overviewShowsTheSessionHitRate() {
        let model = CacheScenario.model()
        #expect(model.screen.text(row: 1).contains("cache 55.6%"))
        // Without lookups the figure stays a dash.
        #expect(ConsoleScenario.model().screen.text(row: 1).contains("cache —"))
    }

    @Test func emptyStateExplainsHowToTurnTheCacheOn() {
        var model = ConsoleScenario.model()
        model.press(.character("5"))
        let text = model.screen.snapshot
        #expect(text.contains("No route caches responses."))
        #expect(text.contains("cache: { exact: true, ttl: 1h }"))
        #expect(!text.contains("0 hits"))
    }

    @Test func beforeTheFirstFetchTheSizeIsBeingRead() {
        var model = ConsoleModel(readOnly: false, width: 80, height: 24, nowMs: ConsoleScenario.now)
        for event in CacheScenario.events { model.apply(event) }
        model.press(.character("5"))
        let text = model.screen.snapshot
        #expect(text.contains("size        reading…"))
        #expect(text.contains("55.6% this session"))
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func inspectorShowsACacheHit(size: (Int, Int)) {
        var model = CacheScenario.model(width: size.0, height: size.1)
        let id = RequestID(rawValue: "req_cache900")
        model.apply(CacheScenario.hit(900, atMs: ConsoleScenario.now - 5_000, route: "support", prompt: CacheScenario.prompts[0].prompt))
        model.press(.character("2"))
        model.press(.character(":"))
        model.type("filter id:req_cache900")
        model.press(.enter, .home)
        #expect(model.press(.enter) == [.loadRequest(id)])
        var recorded = ConsoleScenario.recorded(1)
        recorded.id = id
        recorded.requestedModel = "support"
        recorded.attempts = []
        recorded.providerRequestID = nil
        recorded.timings = ConsoleScenario.timings(totalMs: 0.4)
        model.apply(recorded: recorded, for: id)
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "inspector-cache-hit-\(size.0)x\(size.1)")
        let text = screen.snapshot
        #expect(text.contains("cache         hit-exact · saved $0.0013"))
        #expect(text.contains("none: answered from the response cache"))
    }

    @Test func inspectorShowsASemanticHitsSimilarity() {
        let hit = CacheScenario.hit(1, atMs: ConsoleScenario.now, route: "docs", prompt: "hello", semantic: true, savedMicros: 4_200)
        guard case .requestFinished(let finished) = hit else { return }
        let lines = ExchangeDocument.lines(for: ConsoleScenario.recorded(1), cache: RequestCacheResult(finished), width: 100).map(\.text)
        #expect(lines.contains { $0.contains("hit-semantic · similarity 0.957 · saved $0.0042") })
        let miss = ExchangeDocument.lines(for: ConsoleScenario.recorded(1), cache: RequestCacheResult(outcome: .miss), width: 100).map(\.text)
        #expect(miss.contains { $0.hasSuffix("miss") && $0.hasPrefix("cache") })
        #expect(miss.contains { $0.contains("none: the request failed") } == false)  // request 1 had two attempts
    }

    @Test func theRequestsViewMarksHitsWhereItHasRoom() throws {
        var model = CacheScenario.model(width: 120, height: 40)
        model.press(.character("2"))
        let screen = model.screen
        let header = try #require(screen.locate("CACHE"))
        // The newest rows are the scenario's last bucket: hits, a miss, a semantic hit, a bypass.
        let cells = Set((header.y + 1..<header.y + 9).map { String(screen.text(row: $0).dropFirst(header.x).prefix(5)) })
        #expect(cells == ["exact", "miss ", "sem  ", "—    "])
        // 80 columns have no room for the column.
        var narrow = CacheScenario.model()
        narrow.press(.character("2"))
        #expect(narrow.screen.locate("CACHE") == nil)
    }
}
