import Foundation
import SignalboxCore
import Testing

@testable import Console

@Suite struct TextDiffTests {
    @Test func marksChangedLinesAndKeepsCommonOnes() {
        let diff = TextDiff.lines(from: ["a", "b", "c", "d"], to: ["a", "c", "x", "d"])
        #expect(diff == [.same("a"), .removed("b"), .same("c"), .added("x"), .same("d")])
    }

    @Test func emptySides() {
        #expect(TextDiff.lines(from: [], to: ["a"]) == [.added("a")])
        #expect(TextDiff.lines(from: ["a"], to: []) == [.removed("a")])
        #expect(TextDiff.lines(from: [], to: []) == [])
    }

    @Test func boundedForLargeInputs() {
        let old = (0..<3_000).map { "old \($0)" }
        let new = (0..<3_000).map { "new \($0)" }
        let diff = TextDiff.lines(from: ["head"] + old + ["tail"], to: ["head"] + new + ["tail"], maxCells: 1_000_000)
        // Too big for the table: the middle is shown as replaced, the common ends still match.
        #expect(diff.first == .same("head"))
        #expect(diff.last == .same("tail"))
        #expect(diff.count == 6_002)
        #expect(diff[1] == .removed("old 0"))
        #expect(diff[3_001] == .added("new 0"))
    }
}

@Suite struct JSONPrettyPrinterTests {
    @Test func indentsWithSortedKeys() {
        let lines = JSONPrettyPrinter.lines(Array(#"{"b":1.5,"a":[true,null,"x\"y"],"e":{},"f":[],"url":"a/b"}"#.utf8))
        #expect(lines?.first == "{")
        #expect(lines?.last == "}")
        // Sorted keys: "a" before "b" whatever order the provider used; slashes stay readable.
        let text = lines?.joined(separator: "\n") ?? ""
        #expect(text.range(of: #""a""#)!.lowerBound < text.range(of: #""b""#)!.lowerBound)
        #expect(text.contains(#""url" : "a/b""#) || text.contains(#""url": "a/b""#))
        #expect(text.contains(#""x\"y""#))
        #expect((lines?.count ?? 0) > 5)
    }

    @Test(arguments: [#"{"a":1"#, #"{"a" 1}"#, "nope", #"{"a":1} x"#, ""])
    func rejectsInvalidJSON(text: String) {
        #expect(JSONPrettyPrinter.lines(Array(text.utf8)) == nil)
    }
}

@Suite struct RequestLogTests {
    func started(_ number: Int, provider: String = "openai") -> RequestStarted {
        RequestStarted(
            id: ConsoleScenario.id(number), timestampMs: ConsoleScenario.start + UInt64(number), endpoint: .chatCompletions,
            requestedModel: "fast", provider: provider, model: "m", stream: false)
    }

    func finished(_ number: Int, status: Int) -> RequestFinished {
        RequestFinished(
            id: ConsoleScenario.id(number), timestampMs: ConsoleScenario.start + UInt64(number), endpoint: .chatCompletions,
            requestedModel: "fast", provider: "openai", model: "m", stream: false, status: status, attempts: 1, usage: nil,
            timings: StageTimings(), providerRequestID: nil, errorMessage: nil)
    }

    @Test func evictsTheOldestAndKeepsTheIndexConsistent() {
        var log = RequestLog(capacity: 3)
        for number in 1...5 { log.apply(started: started(number)) }
        #expect(log.count == 3)
        #expect(log.visibleCount == 3)
        #expect(log.sequence(of: ConsoleScenario.id(1)) == nil)
        #expect(log.visibleSequence(at: 0).flatMap(log.row)?.id == ConsoleScenario.id(5))
        #expect(log.visibleSequence(at: 2).flatMap(log.row)?.id == ConsoleScenario.id(3))
        // A finish for an evicted request starts a fresh row rather than touching another.
        log.apply(finished: finished(2, status: 200))
        #expect(log.visibleSequence(at: 0).flatMap(log.row)?.id == ConsoleScenario.id(2))
        #expect(log.count == 3)
    }

    @Test func aFinishCompletesItsLiveRowAndFinishedRowsStayFindable() {
        var log = RequestLog(capacity: 4)
        for number in 1...3 { log.apply(started: started(number)) }
        log.apply(finished: finished(2, status: 503))
        #expect(log.count == 3)  // completed in place, not appended
        let second = log.sequence(of: ConsoleScenario.id(2)).flatMap(log.row)
        #expect(second?.status == 503)
        #expect(second?.isInFlight == false)
        #expect(log.sequence(of: ConsoleScenario.id(1)).flatMap(log.row)?.isInFlight == true)
        // A second finish for the same request (no longer in flight) gets a row of its own.
        log.apply(finished: finished(2, status: 200))
        #expect(log.count == 4)
        #expect(log.sequence(of: ConsoleScenario.id(2)).flatMap(log.row)?.status == 200)
    }

    @Test func filterFollowsRowsThatChange() {
        var log = RequestLog(capacity: 10)
        log.setFilter(RequestFilter("status:live"))
        for number in 1...4 { log.apply(started: started(number)) }
        #expect(log.visibleCount == 4)
        log.apply(finished: finished(2, status: 200))
        #expect(log.visibleCount == 3)
        log.setFilter(RequestFilter("status:2xx"))
        #expect(log.visibleCount == 1)
        log.apply(finished: finished(4, status: 201))
        log.apply(finished: finished(1, status: 204))
        let ids = (0..<log.visibleCount).compactMap { log.visibleSequence(at: $0).flatMap(log.row)?.id }
        #expect(ids == [ConsoleScenario.id(4), ConsoleScenario.id(2), ConsoleScenario.id(1)])
    }

    @Test func filterSyntax() {
        let row = RequestRow(finished: finished(7, status: 503))
        #expect(RequestFilter("openai").matches(row))
        #expect(RequestFilter("OPENAI 503").matches(row))
        #expect(RequestFilter("provider:open model:m").matches(row))
        #expect(!RequestFilter("provider:anthropic").matches(row))
        #expect(RequestFilter("status:5xx").matches(row))
        #expect(RequestFilter("status:err").matches(row))
        #expect(!RequestFilter("-status:5xx").matches(row))
        #expect(RequestFilter("id:000007").matches(row))
        #expect(!RequestFilter("status:live").matches(row))
        #expect(RequestFilter("").matches(row))
    }
}

@Suite struct WindowTests {
    @Test func latencyPercentilesOverASlidingWindow() {
        var window = LatencyWindow(capacity: 100, maxAgeMs: 60_000)
        for value in 1...100 { window.record(Double(value), atMs: UInt64(value) * 1_000) }
        #expect(window.percentile(0.5) == 50)
        #expect(window.percentile(0.99) == 99)
        // Samples older than a minute go; the capacity keeps only the newest anyway.
        window.expire(nowMs: 120_000)
        #expect(window.count == 41)
        #expect(window.percentile(0.5) == 80)
        window.record(1_000, atMs: 120_000)
        #expect(window.percentile(1) == 1_000)
    }

    @Test func copiesThatDivergeNeverReadEachOthersSortedSamples() {
        var first = LatencyWindow(capacity: 10)
        for value in [5.0, 1, 3] { first.record(value, atMs: 1) }
        #expect(first.percentile(1) == 5)  // sorted once, cached
        var second = first
        second.record(100, atMs: 2)
        first.record(0.5, atMs: 2)
        #expect(second.percentile(1) == 100)
        #expect(first.percentile(1) == 5)
        #expect(first.percentile(0.01) == 0.5)
        #expect(second.percentile(0.01) == 1)
        #expect(second.percentile(1) == 100)
    }

    @Test func rateWindowCountsTheRecentSeconds() {
        var rate = RateWindow(seconds: 60)
        for second in 0..<30 { rate.record(atMs: UInt64(second) * 1_000 + 500, failed: second % 10 == 0) }
        let recent = rate.totals(lastSeconds: 10, nowMs: 29_999)
        #expect(recent.events == 10)
        #expect(recent.failures == 1)
        #expect(rate.totals(lastSeconds: 60, nowMs: 29_999).events == 30)
        // A minute later the buckets have aged out, even though nothing overwrote them.
        #expect(rate.totals(lastSeconds: 60, nowMs: 100_000).events == 0)
        #expect(rate.perSecond(lastSeconds: 10, nowMs: 29_999, sinceMs: 0) == 1)
    }

    @Test func healthIsNeverColourAlone() {
        #expect(ProviderHealth.derive(paused: true, attempts: 100, failures: 100) == .paused)
        #expect(ProviderHealth.derive(paused: false, attempts: 100, failures: 0) == .healthy)
        #expect(ProviderHealth.derive(paused: false, attempts: 100, failures: 2) == .healthy)
        #expect(ProviderHealth.derive(paused: false, attempts: 100, failures: 5) == .degraded)
        #expect(ProviderHealth.derive(paused: false, attempts: 10, failures: 5) == .failing)
        #expect(ProviderHealth.derive(paused: false, attempts: 1, failures: 1) == .degraded)
        for health in [ProviderHealth.healthy, .degraded, .failing, .paused] {
            #expect(!health.word.isEmpty)
            #expect(health.glyph != " ")
        }
    }

    @Test func displayFormats() {
        #expect(DisplayFormat.latency(ms: 0.85) == "850µs")
        #expect(DisplayFormat.latency(ms: 4.25) == "4.3ms")
        #expect(DisplayFormat.latency(ms: 45.4) == "45ms")
        #expect(DisplayFormat.latency(ms: 1_250) == "1.25s")
        #expect(DisplayFormat.latency(ms: 125_000) == "2m05s")
        #expect(DisplayFormat.percent(1, of: 8) == "12.5%")
        #expect(DisplayFormat.percent(0, of: 0) == "—")
        #expect(DisplayFormat.timeOfDay(ms: ConsoleScenario.start) == "15:06:40")
        #expect(DisplayFormat.column("abcdef", 4) == "abc…")
        #expect(DisplayFormat.column("ab", 4, alignRight: true) == "  ab")
        #expect(DisplayFormat.tail("req_0123456789", 6) == "…56789")
    }

    @Test func secretInputShowsBulletsAndReferencesOnly() {
        var input = SecretInput()
        for character in "hunter2-but-longer" { _ = input.edit(.character(character)) }
        #expect(input.display == String(repeating: "•", count: 18))
        #expect(input.source == nil)
        _ = input.edit(.control("u"))
        for character in "env:KEY" { _ = input.edit(.character(character)) }
        #expect(input.display == "env:KEY")
        #expect(input.source == .environment("KEY"))
        #expect(input.isComplete)
    }
}

@Suite struct CommandLineTests {
    func run(_ line: String, readOnly: Bool = false) -> (ConsoleModel, [ConsoleEffect]) {
        var model = ConsoleScenario.model(readOnly: readOnly)
        model.press(.character(":"))
        model.type(line)
        let effects = model.press(.enter)
        return (model, effects)
    }

    @Test func quit() {
        #expect(run("q").1 == [.quit])
        #expect(run("quit").1 == [.quit])
    }

    @Test func pauseStillGoesThroughTheConfirmDialog() {
        var (model, effects) = run("pause openai")
        #expect(effects == [])
        #expect(model.press(.enter) == [])  // Cancel focused
        model.press(.character(":"))
        model.type("pause openai")
        model.press(.enter)
        #expect(model.press(.tab, .enter) == [.execute(.pauseProvider("openai"))])
        var (resume, _) = run("resume local-vllm")
        #expect(resume.press(.tab, .enter) == [.execute(.resumeProvider("local-vllm"))])
        var (key, _) = run("pause openai/primary")
        #expect(key.press(.tab, .enter) == [.execute(.pauseKey(provider: "openai", key: "primary"))])
    }

    @Test func rotateFromTheCommandLine() {
        var (model, effects) = run("rotate openai backup env:OPENAI_KEY_NEXT")
        #expect(effects == [])
        #expect(
            model.press(.tab, .enter) == [.rotateKey(provider: "openai", key: "backup", source: .environment("OPENAI_KEY_NEXT"), graceSeconds: nil)])
        var (file, _) = run("rotate anthropic main file:/etc/signalbox/anthropic.key")
        #expect(
            file.press(.tab, .enter) == [
                .rotateKey(provider: "anthropic", key: "main", source: .file("/etc/signalbox/anthropic.key"), graceSeconds: nil)
            ])
    }

    @Test func typedSecretsAreRefusedOnTheCommandLineAndMaskedWhileTyping() {
        var model = ConsoleScenario.model()
        model.press(.character(":"))
        model.type("rotate openai primary sk-plaintextsecret")
        #expect(!model.screen.snapshot.contains("plaintextsecret"))
        #expect(model.press(.enter) == [])
        #expect(model.dialog == nil)
        #expect(model.status?.kind == .error)
        #expect(!model.screen.snapshot.contains("plaintextsecret"))
    }

    @Test func replayAndViewAndFilter() {
        var (model, _) = run("replay \(ConsoleScenario.id(3)) openai")
        #expect(model.press(.tab, .enter) == [.execute(.replay(ConsoleScenario.id(3), provider: "openai"))])
        #expect(run("view providers").0.view == .providers)
        #expect(run("view 6").0.view == .audit)
        #expect(run("filter status:4xx").0.log.visibleCount == 1)
    }

    @Test func unknownCommandsAndBadArgumentsSayWhy() {
        let (model, effects) = run("frobnicate now")
        #expect(effects == [])
        #expect(model.status?.kind == .error)
        #expect(model.screen.snapshot.contains("unknown command ':frobnicate'"))
        #expect(run("pause nosuch").0.status?.text == "unknown provider 'nosuch'")
        #expect(run("view 9").0.status?.kind == .error)
        #expect(run("pause openai", readOnly: true).0.status?.text.contains("read-only") == true)
    }
}

@Suite struct RenderScaleTests {
    @Test func fullRingAtLargeSizeDrawsOnlyWhatFits() {
        let model = ConsoleModel.benchmarkModel(rows: 6_000, width: 200, height: 60, view: .requests)
        #expect(model.log.count == ConsoleModel.requestCapacity)
        var screen = ScreenBuffer(width: 200, height: 60)
        model.render(into: &screen)
        let text = screen.snapshot
        // Newest first: the last request generated is on the first list row.
        #expect(screen.text(row: 4).contains("req_bench5999"))
        #expect(text.contains("5000 requests") || text.contains("5000 of 5000"))
        #expect(!text.contains("req_bench999 "))  // evicted
        // A second render into the same buffer gives the same frame.
        var again = screen
        model.render(into: &again)
        #expect(again == screen)
        #expect(ConsoleModel.benchmarkRender(model, iterations: 2) == ConsoleModel.benchmarkRender(model, iterations: 1))
    }

    @Test func overviewAtLargeSize() {
        let model = ConsoleModel.benchmarkModel(rows: 5_000, width: 200, height: 60, view: .overview)
        let text = model.screen.snapshot
        #expect(text.contains("openai"))
        #expect(text.contains("local-vllm"))
        #expect(text.contains("Events"))
    }
}
