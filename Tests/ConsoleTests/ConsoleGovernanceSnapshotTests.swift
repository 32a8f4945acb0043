import Engine
import Foundation
import SignalboxCore
import Testing

@testable import Console

/// Keys & Budgets and the persisted Audit view, rendered (the empty and store-off states are the
/// plain scenario's, in `ConsoleSnapshotTests.everyViewAtBothSizes`).
@Suite struct ConsoleGovernanceSnapshotTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func budgetsAndTopSpenders(size: (Int, Int)) throws {
        var model = GovernanceScenario.model(width: size.0, height: size.1)
        #expect(model.press(.character("4")) == [.refreshBudgets])
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "keysAndBudgets-populated-\(size.0)x\(size.1)")
        let text = screen.snapshot
        // Most used first: the team over its limit, then key A at 82 %.
        let team = try #require(screen.locate("team:research"))
        let keyA = try #require(screen.locate("key:\(GovernanceScenario.keyA)"))
        #expect(team.y < keyA.y)
        #expect(screen.text(row: team.y).contains("exhausted"))
        #expect(screen.text(row: keyA.y).contains("$4.10/$5 "))
        #expect(screen.text(row: keyA.y).contains("82%"))
        // $0.50 in a minute is $30/h; the remaining $0.90 lasts 1m48s.
        #expect(screen.text(row: keyA.y).contains("$30.00"))
        #expect(screen.text(row: keyA.y).contains("in 1m48s"))
        // Colour follows the thresholds, and the percentage says it in words too.
        let bar = try #require(screen.locate("█"))
        #expect(screen[bar.x, team.y].role == .error)
        #expect(screen[bar.x, keyA.y].role == .warning)
        let global = try #require(screen.locate("global"))
        #expect(screen[bar.x, global.y].role == .healthy)
        // Top spenders: key A cost $0.0383 of $0.0454.
        #expect(text.contains("Top spenders · this session · 3 keys · $0.0454"))
        let spender = try #require(screen.locate("1 \(GovernanceScenario.keyA)"))
        #expect(screen.text(row: spender.y).contains("$0.0383"))
        #expect(screen.text(row: spender.y).contains("84%"))
    }

    /// The detail rows under the budgets table, joined (they wrap at 80 columns).
    func budgetDetail(_ model: ConsoleModel) -> String {
        let screen = model.screen
        let y = model.budgetsLayout.budgets.y + model.budgetsLayout.budgets.height
        return (y..<y + ConsoleModel.budgetDetailRows).map { screen.text(row: $0).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    @Test func theSelectedBudgetsDetailsIncludeWhatTheNarrowTableLeavesOut() throws {
        var model = GovernanceScenario.model()
        model.press(.character("4"), .down)  // key A, the second most used
        let detail = budgetDetail(model)
        #expect(detail.hasPrefix("key:\(GovernanceScenario.keyA): daily from 06-15 00:00 to 06-16 00:00 UTC"))
        #expect(detail.contains("reserved in flight $0.04"))
        #expect(detail.contains("on exceed block · last alert 80% at 15:07:55"))
        model.press(.up)
        #expect(budgetDetail(model).contains("on exceed downgrade:cheap"))
        // The selection follows the scope when a fetch re-sorts the rows.
        model.press(.down)
        var second = GovernanceScenario.second
        second[0].spentMicros = 11_000_000  // key A now over its limit, and the most used
        model.apply(budgets: second)
        #expect(budgetDetail(model).hasPrefix("key:\(GovernanceScenario.keyA)"))
        #expect(model.selectedBudgetIndex == 0)
    }

    @Test func overviewShowsTheMostUsedBudgets() {
        let model = GovernanceScenario.model(width: 120, height: 40)
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "overview-budgets-120x40")
        #expect(screen.snapshot.contains("team:research"))
        #expect(screen.snapshot.contains("3 more on 4"))
    }

    @Test(arguments: [(80, 24), (120, 40)])
    func persistedAuditLog(size: (Int, Int)) throws {
        var model = GovernanceScenario.model(width: size.0, height: size.1)
        #expect(model.press(.character("6")) == [.loadAudit(limit: AuditViewState.pageSize)])
        #expect(model.press(.character("v")) == [.verifyAuditChain])
        model.apply(auditChain: .checked(.intact(throughSequence: 6)))
        let screen = model.screen
        SnapshotAssertion.assertSnapshot(screen, named: "audit-persisted-\(size.0)x\(size.1)")
        #expect(screen.snapshot.contains("✔ chain verified through #6"))
        // Every actor, newest first, with the role each acted with.
        let replay = try #require(screen.locate("request.replay"))
        let creation = try #require(screen.locate("keys.create"))
        #expect(replay.y < creation.y)
        #expect(screen.text(row: replay.y).contains("admin:ci-bot"))
        #expect(screen.text(row: replay.y).contains("operator"))
        #expect(screen.text(row: creation.y).contains("admin "))
        let refused = try #require(screen.locate("✖ refused"))
        #expect(screen[refused.x, refused.y].role == .error)
        #expect(refused.y == replay.y)
        // The selected (newest) entry in full below the list.
        #expect(screen.snapshot.contains("#6 console (operator) provider.pause local-vllm"))
    }

    @Test func aBrokenChainIsNamed() {
        var model = GovernanceScenario.model()
        model.press(.character("6"), .character("v"))
        model.apply(auditChain: .checked(.broken(sequence: 4, problem: "entry 4 was edited: its content does not match its hash")))
        let text = model.screen.snapshot
        #expect(text.contains("✖ chain BROKEN at #4: entry 4 was edited"))
    }
}
