import Foundation
import SignalboxCore
import Synchronization
import Testing

@testable import Console

/// The cache's size and the purge reach the engine only through the console's backend, in effect tasks.
@Suite struct ConsoleRunnerCacheTests {
    static func backend(readOnly: Bool = false, stats: CacheStatsSnapshot? = CacheScenario.stats) -> RecordingBackend {
        let backend = RecordingBackend(readOnly: readOnly)
        backend.state.withLock { $0.cacheStats = stats }
        return backend
    }

    @Test func theStatsFetchAndThePurgeGoThroughTheBackend() async {
        let backend = Self.backend()
        let inbox = ConsoleInbox()
        let executor = ConsoleEffectExecutor(backend: backend, inbox: inbox, environment: { [:] })
        await executor.perform(.refreshCacheStats)?.value
        #expect(backend.cacheStatsFetches == 1)
        #expect(inbox.takeAll() == [.cacheStats(CacheScenario.stats)])

        await executor.perform(.execute(.purgeCache(CachePurge(route: "support"))))?.value
        #expect(backend.commands.map(\.command) == [.purgeCache(CachePurge(route: "support"))])
        #expect(backend.commands.map(\.actor) == ["console"])
        #expect(inbox.takeAll().first == .outcome(.done("purge cache entries of route support: done"), .purgeCache(CachePurge(route: "support"))))

        let off = Self.backend(stats: nil)
        await ConsoleEffectExecutor(backend: off, inbox: inbox, environment: { [:] }).perform(.refreshCacheStats)?.value
        #expect(inbox.takeAll() == [.cacheStats(nil)])
    }

    @Test func theViewShowsTheFetchedSizeAndAConfirmedPurgeRunsAndRefreshesIt() async throws {
        let terminal = ScriptedTerminal()
        let backend = Self.backend()
        let runner = ConsoleRunner(backend: backend, makeTerminal: { terminal }, environment: { [:] })
        async let summary = runner.run()
        #expect(await eventually { !terminal.frames.isEmpty })
        #expect(backend.cacheStatsFetches == 0)  // not fetched while another view is shown

        terminal.push(.character("5"))
        #expect(await eventually { terminal.frames.last?.snapshot.contains("1204/10.0k entries") == true })
        let fetches = backend.cacheStatsFetches
        #expect(fetches >= 1)

        terminal.push(.character("P"))
        #expect(await eventually { terminal.frames.last?.snapshot.contains("Purge all cached answers?") == true })
        terminal.push(.tab, .enter)
        #expect(await eventually { backend.commands.count == 1 })
        #expect(backend.commands.first?.command == .purgeCache(CachePurge()))
        #expect(await eventually { terminal.frames.last?.snapshot.contains("✔ purge cache entries: done") == true })
        #expect(await eventually { backend.cacheStatsFetches > fetches })

        runner.stop()
        _ = try await summary
    }

    @Test func aReadOnlyConsoleNeverAsksTheBackendToPurge() async throws {
        let terminal = ScriptedTerminal()
        let backend = Self.backend(readOnly: true)
        let runner = ConsoleRunner(backend: backend, makeTerminal: { terminal }, environment: { [:] })
        async let summary = runner.run()
        terminal.push(.character("5"))
        #expect(await eventually { terminal.frames.last?.snapshot.contains("1204/10.0k entries") == true })
        terminal.push(.character("P"))
        #expect(await eventually { terminal.frames.last?.snapshot.contains("read-only console: purge every cached answer") == true })
        terminal.push(.character(":"))
        for character in "purge-cache" { terminal.push(.character(character)) }
        terminal.push(.enter)
        #expect(await eventually { terminal.frames.last?.snapshot.contains("read-only console: :purge-cache is disabled") == true })
        #expect(backend.commands.isEmpty)
        runner.stop()
        _ = try await summary
    }
}
