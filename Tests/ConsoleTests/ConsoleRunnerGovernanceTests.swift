import Engine
import Foundation
import SignalboxCore
import Testing

@testable import Console

/// Budgets and the persisted audit log reach the console only through its backend, in effect tasks.
@Suite struct ConsoleRunnerGovernanceTests {
    static let budget = GovernanceScenario.second[1]

    @Test func budgetAndAuditEffectsAskTheBackendAndPostTheAnswers() async {
        let backend = RecordingBackend(budgets: [Self.budget], auditEntries: GovernanceScenario.entries)
        let inbox = ConsoleInbox()
        let executor = ConsoleEffectExecutor(backend: backend, inbox: inbox, environment: { [:] })
        await executor.perform(.refreshBudgets)?.value
        await executor.perform(.loadAudit(limit: 2))?.value
        await executor.perform(.verifyAuditChain)?.value
        #expect(backend.budgetFetches == 1)
        #expect(backend.auditLimits == [2])
        #expect(backend.chainChecks == 1)
        #expect(
            inbox.takeAll() == [
                .budgets([Self.budget]), .audit(.entries(Array(GovernanceScenario.entries.prefix(2)), limit: 2)),
                .auditChain(.checked(.intact(throughSequence: 0))),
            ])
    }

    @Test func withoutAStoreTheAnswersSaySo() async {
        let backend = RecordingBackend(auditEntries: nil)
        let inbox = ConsoleInbox()
        let executor = ConsoleEffectExecutor(backend: backend, inbox: inbox, environment: { [:] })
        await executor.perform(.loadAudit(limit: 200))?.value
        await executor.perform(.verifyAuditChain)?.value
        #expect(inbox.takeAll() == [.audit(.storeOff), .auditChain(.storeOff)])
    }

    @Test func theViewsShowWhatTheBackendHoldsAndACommandLandsInTheAuditView() async throws {
        let terminal = ScriptedTerminal()
        let backend = RecordingBackend(budgets: [Self.budget], auditEntries: GovernanceScenario.entries)
        let runner = ConsoleRunner(backend: backend, makeTerminal: { terminal }, environment: { [:] })
        async let summary = runner.run()
        #expect(await eventually { !terminal.frames.isEmpty })

        terminal.push(.character("4"))
        #expect(await eventually { terminal.frames.last?.snapshot.contains("team:research") == true })
        #expect(terminal.frames.last?.snapshot.contains("$212.40/$200") == true)
        #expect(await eventually { backend.budgetFetches >= 2 })  // once at start, once for the view

        terminal.push(.character("6"))
        #expect(await eventually { terminal.frames.last?.snapshot.contains("provider.key.rotate") == true })
        #expect(backend.auditLimits.first == AuditViewState.pageSize)

        // A command run from the Audit view: once the control plane answered, the list is read again.
        let reads = backend.auditLimits.count
        terminal.push(.character(":"))
        for character in "pause alpha" { terminal.push(.character(character)) }
        terminal.push(.enter)
        #expect(await eventually { terminal.frames.last?.snapshot.contains("Cancel") == true })
        terminal.push(.tab, .enter)
        #expect(await eventually { backend.commands.count == 1 })
        #expect(await eventually { terminal.frames.last?.snapshot.contains("#7 console (operator) provider.pause alpha") == true })
        #expect(backend.auditLimits.count > reads)

        runner.stop()
        _ = try await summary
    }
}
