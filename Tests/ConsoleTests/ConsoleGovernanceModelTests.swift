import Engine
import Foundation
import SignalboxCore
import Testing

@testable import Console

/// Burn rate, time to exhaustion and top spenders: pure functions with explicit times.
@Suite struct BudgetForecastTests {
    let hour: Int64 = 3_600_000

    @Test func exhaustionAtTheCurrentRate() {
        // $1 left at $2/h: half an hour.
        let forecast = BudgetForecast.forecast(
            spentMicros: 4_000_000, limitMicros: 5_000_000, microsPerHour: 2_000_000, nowMs: 0, periodEndMs: 10 * hour)
        #expect(forecast == .exhaustsIn(ms: 1_800_000))
        #expect(forecast.text(compact: true) == "in 30m00s")
    }

    @Test func thePeriodEndingFirstIsSaid() {
        // $1 left at $0.10/h would last 10 h, but the day ends in 3 h.
        let forecast = BudgetForecast.forecast(
            spentMicros: 4_000_000, limitMicros: 5_000_000, microsPerHour: 100_000, nowMs: 7 * hour, periodEndMs: 10 * hour)
        #expect(forecast == .resetsFirst(inMs: 3 * hour))
        #expect(forecast.text(compact: false) == "resets in 3h00m")
        #expect(forecast.text(compact: true) == "resets 3h00m")
        // A total budget never resets.
        #expect(
            BudgetForecast.forecast(spentMicros: 4_000_000, limitMicros: 5_000_000, microsPerHour: 100_000, nowMs: 7 * hour, periodEndMs: nil)
                == .exhaustsIn(ms: 10 * hour))
    }

    @Test func exhaustedNotBurningAndMeasuring() {
        #expect(BudgetForecast.forecast(spentMicros: 5_000_000, limitMicros: 5_000_000, microsPerHour: nil, nowMs: 0, periodEndMs: nil) == .exhausted)
        #expect(BudgetForecast.forecast(spentMicros: 1, limitMicros: 5_000_000, microsPerHour: 0, nowMs: 0, periodEndMs: nil) == .notBurning)
        #expect(BudgetForecast.forecast(spentMicros: 1, limitMicros: 5_000_000, microsPerHour: nil, nowMs: 0, periodEndMs: nil) == .measuring)
        #expect(BudgetForecast.notBurning.text(compact: true) == "—")
        #expect(BudgetForecast.exhausted.role == .error)
    }
}

@Suite struct SpendSamplesTests {
    @Test func theRateIsTheSpendOverTheObservedSpan() {
        var samples = SpendSamples()
        samples.record(spentMicros: 1_000_000, periodStartMs: 0, atMs: 100_000)
        samples.record(spentMicros: 1_000_000, periodStartMs: 0, atMs: 105_000)
        #expect(samples.microsPerHour() == nil)  // 5 s of history is not enough
        samples.record(spentMicros: 1_500_000, periodStartMs: 0, atMs: 160_000)
        // $0.50 in 60 s is $30 an hour.
        #expect(samples.microsPerHour() == 30_000_000)
    }

    @Test func onlyTheWindowCounts() {
        var samples = SpendSamples()
        samples.record(spentMicros: 0, periodStartMs: 0, atMs: 0)
        samples.record(spentMicros: 9_000_000, periodStartMs: 0, atMs: 60_000)  // a burst long ago
        samples.record(spentMicros: 9_000_000, periodStartMs: 0, atMs: 60_000 + SpendSamples.windowMs)
        // The burst is older than the window: nothing was spent over the last five minutes.
        #expect(samples.microsPerHour() == 0)
    }

    @Test func aResetStartsTheHistoryOver() {
        var samples = SpendSamples()
        samples.record(spentMicros: 4_000_000, periodStartMs: 0, atMs: 0)
        samples.record(spentMicros: 4_500_000, periodStartMs: 0, atMs: 30_000)
        samples.record(spentMicros: 100_000, periodStartMs: 86_400_000, atMs: 60_000)  // the next day
        #expect(samples.samples.count == 1)
        #expect(samples.microsPerHour() == nil)
        samples.record(spentMicros: 50_000, periodStartMs: 86_400_000, atMs: 90_000)  // reconfigured lower
        #expect(samples.samples.map(\.spentMicros) == [50_000])
    }

    @Test func frequentSamplesAreThinnedButTheNewestKept() {
        var samples = SpendSamples()
        for second in 0...120 { samples.record(spentMicros: Int64(second) * 1_000, periodStartMs: 0, atMs: Int64(second) * 1_000) }
        #expect(samples.samples.count <= 120 / Int(SpendSamples.spacingMs / 1_000) + 2)
        #expect(samples.samples.last == .init(atMs: 120_000, spentMicros: 120_000))
        #expect(samples.microsPerHour() == 3_600_000)  // $0.001 a second
    }
}

@Suite struct KeySpendTableTests {
    func finished(_ key: String?, cost: String?, tokens: Int = 100) -> RequestFinished {
        RequestFinished(
            id: RequestID(rawValue: "req_\(UUID().uuidString)"), timestampMs: 0, endpoint: .chatCompletions, requestedModel: "m", provider: "p",
            model: "m",
            stream: false, status: 200, attempts: 1, usage: Usage(promptTokens: tokens - 10, completionTokens: 10), timings: StageTimings(),
            providerRequestID: nil, errorMessage: nil, costUSD: cost.flatMap { Decimal(string: $0) }, virtualKeyID: key)
    }

    @Test func keysAreRankedByCostWithRequestsTokensAndShare() {
        var table = KeySpendTable()
        for event in [
            finished("vk_a", cost: "0.010"), finished("vk_b", cost: "0.030", tokens: 1_000), finished("vk_a", cost: "0.020"),
            finished(nil, cost: "5.00"),  // no key: nobody's spend
            finished("vk_c", cost: nil),  // no price: counted, costs nothing
        ] {
            table.record(event)
        }
        let top = table.top(10)
        #expect(top.map(\.keyID) == ["vk_a", "vk_b", "vk_c"])  // a and b tie at $0.03; a has more requests
        #expect(top[0] == KeySpend(keyID: "vk_a", requests: 2, tokens: 200, costMicros: 30_000))
        #expect(top[1].tokens == 1_000)
        #expect(table.totalCostMicros == 60_000)
        #expect(table.keyedRequests == 4)
        #expect(table.share(of: top[0]) == 0.5)
        #expect(table.top(1).map(\.keyID) == ["vk_a"])
    }

    @Test func nothingSpentHasNoShare() {
        var table = KeySpendTable()
        table.record(finished("vk_a", cost: nil))
        #expect(table.share(of: table.top(1)[0]) == nil)
    }
}

@Suite struct ConsoleGovernanceModelTests {
    @Test func budgetsAreSortedByUseAndColouredByThreshold() {
        #expect(BudgetBoard.role(forFraction: 0.74) == .healthy)
        #expect(BudgetBoard.role(forFraction: 0.75) == .warning)
        #expect(BudgetBoard.role(forFraction: 1.0) == .error)
        #expect(ConsoleModel.burnBar(0.5, width: 9) == "██░░  50%")
        #expect(ConsoleModel.burnBar(1.3, width: 9) == "████ 130%")
        var model = ConsoleScenario.model()
        model.apply(budgets: GovernanceScenario.first)
        #expect(model.budgetBoard.budgets.map(\.scope).prefix(2) == ["team:research", "key:\(GovernanceScenario.keyA)"])
    }

    @Test func showingAViewFetchesWhatItShows() {
        var model = ConsoleScenario.model()
        #expect(model.press(.character("4")) == [.refreshBudgets])
        #expect(model.press(.control("r")) == [.refreshBudgets])
        // The plain scenario has no store: the Audit view lists the session and fetches nothing.
        #expect(model.press(.character("6")) == [])
        #expect(model.auditRefresh == nil)
        #expect(model.press(.character("v")) == [])
        #expect(model.screen.snapshot.contains("the store is off"))

        var stored = GovernanceScenario.model()
        #expect(stored.press(.character("6")) == [.loadAudit(limit: 200)])
        #expect(stored.auditRefresh == .loadAudit(limit: 200))
        #expect(stored.press(.character("v")) == [.verifyAuditChain])
        #expect(stored.press(.character("v")) == [])  // one check at a time
        stored.press(.character("1"))
        #expect(stored.auditRefresh == nil)
    }

    @Test func scrollingToTheEndAsksForTheNextPage() {
        var model = GovernanceScenario.model()
        model.press(.character("6"))
        let page = (0..<AuditViewState.pageSize).map { index in
            OperatorAuditEntrySummary(
                sequence: Int64(1_000 - index), timestampMs: 1_750_000_000_000, actor: "cli", role: "admin", action: "keys.create",
                target: "vk_\(index)",
                details: "", outcome: "done")
        }
        model.apply(audit: .entries(page, limit: AuditViewState.pageSize))
        #expect(model.press(.down) == [])
        #expect(model.press(.end) == [.loadAudit(limit: 2 * AuditViewState.pageSize)])
        #expect(model.press(.end) == [])  // already asked
        model.apply(audit: .entries(Array(page.prefix(150)), limit: 2 * AuditViewState.pageSize))
        #expect(!model.audit.mayHaveMore)
        #expect(model.auditSelection == 149)  // kept within the shorter list
    }

    @Test func aFailedReadKeepsTheListAndSaysWhy() {
        var model = GovernanceScenario.model()
        model.press(.character("6"))
        model.apply(audit: .failed("database is locked"))
        let text = model.screen.snapshot
        #expect(text.contains("refresh failed: database is locked"))
        #expect(text.contains("provider.pause"))
    }

    @Test func theSchedulePollsBudgetsFasterWhileShownAndTheAuditOnlyWhenShown() {
        var schedule = RefreshSchedule(nowMs: 0)
        #expect(schedule.due(nowMs: 999, view: .keysAndBudgets, auditRefresh: nil) == [])
        #expect(schedule.due(nowMs: 1_000, view: .keysAndBudgets, auditRefresh: nil) == [.refreshBudgets])
        #expect(schedule.due(nowMs: 2_000, view: .keysAndBudgets, auditRefresh: nil) == [.refreshProviders, .refreshBudgets])
        #expect(schedule.due(nowMs: 3_000, view: .overview, auditRefresh: nil) == [])
        #expect(schedule.due(nowMs: 7_000, view: .overview, auditRefresh: nil) == [.refreshProviders, .refreshBudgets])
        #expect(schedule.due(nowMs: 8_000, view: .audit, auditRefresh: .loadAudit(limit: 200)) == [.loadAudit(limit: 200)])
        #expect(schedule.due(nowMs: 9_000, view: .audit, auditRefresh: .loadAudit(limit: 200)) == [.refreshProviders])
    }

    @Test func formats() {
        #expect(DisplayFormat.date(ms: 1_750_000_000_000) == "2025-06-15")
        #expect(DisplayFormat.date(ms: 951_782_400_000) == "2000-02-29")
        #expect(DisplayFormat.date(ms: 0) == "1970-01-01")
        #expect(DisplayFormat.usdShort(micros: 0) == "$0")
        #expect(DisplayFormat.usdShort(micros: 4_200) == "<$0.01")
        #expect(DisplayFormat.usdShort(micros: 30_000_000) == "$30.00")
        #expect(DisplayFormat.usdShort(micros: 1_234_000_000) == "$1234")
        #expect(DisplayFormat.usdShort(micros: 12_300_000_000) == "$12.3k")
        #expect(DisplayFormat.usdLimit(micros: 5_000_000) == "$5")
        #expect(DisplayFormat.usdLimit(micros: 300) == "$0.0003")
        #expect(DisplayFormat.duration(ms: 3 * 86_400_000 + 4 * 3_600_000) == "3d04h")
    }
}
