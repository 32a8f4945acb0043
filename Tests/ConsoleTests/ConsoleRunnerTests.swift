import Engine
import Foundation
import SignalboxCore
import Synchronization
import Testing

@testable import Console

/// The runner's loop with a scripted terminal: lifecycle, frame pacing, events and effects.
@Suite struct ConsoleRunnerTests {
    static func runner(_ backend: RecordingBackend, _ terminal: ScriptedTerminal, environment: [String: String] = [:]) -> ConsoleRunner {
        ConsoleRunner(backend: backend, makeTerminal: { terminal }, environment: { environment })
    }

    @Test func quitEndsTheRunAndClosesTheTerminalOnce() async throws {
        let terminal = ScriptedTerminal()
        let runner = Self.runner(RecordingBackend(), terminal)
        async let summary = runner.run()
        #expect(await eventually { !terminal.frames.isEmpty })
        terminal.push(.character("q"))
        #expect(try await summary.ending == .quit)
        #expect(terminal.record.withLock { ($0.opened, $0.closed) } == (1, 1))
        #expect(terminal.frames.first?.width == 120 && terminal.frames.first?.height == 40)
    }

    @Test func stopEndsTheRunWithTheTerminalClosed() async throws {
        let terminal = ScriptedTerminal()
        let runner = Self.runner(RecordingBackend(), terminal)
        async let summary = runner.run()
        #expect(await eventually { !terminal.frames.isEmpty })
        runner.stop()
        #expect(try await summary.ending == .stopped)
        #expect(terminal.record.withLock { $0.closed } == 1)
    }

    @Test func atMostTenFramesASecondUnderAStreamOfEvents() async throws {
        let terminal = ScriptedTerminal()
        let backend = RecordingBackend()
        let runner = Self.runner(backend, terminal)
        async let summary = runner.run()
        #expect(await eventually { backend.bus.subscriberCount == 1 })
        let start = ContinuousClock.now
        var number = 0
        while ContinuousClock.now - start < .milliseconds(1_500) {
            number += 1
            backend.bus.publish(finishedRequest(number))
            try await Task.sleep(for: .milliseconds(2))
        }
        runner.stop()
        _ = try await summary
        let times = terminal.frameTimes
        let elapsedMs = Double(times.last! - times.first!)
        // Only bounds a loaded machine cannot break: it can make frames rarer, never more frequent.
        // (The pacing itself is tested with explicit times below.)
        #expect(times.count >= 2, "the screen should keep moving: \(times)")
        #expect(Double(times.count - 1) <= elapsedMs / 100 + 1, "\(times.count) frames in \(elapsedMs) ms: \(times)")
    }

    @Test func thePacerAllowsOneFrameEveryHundredMillisecondsAndOnlyForChanges() {
        var pacer = FramePacer()
        #expect(pacer.isFrameDue(nowMs: 0) && pacer.waitMs(nowMs: 0) == 0)
        let first = pacer.frame(nowMs: 0, revision: 1)
        #expect(first)  // the first frame always paints
        #expect(!pacer.isFrameDue(nowMs: 99) && pacer.waitMs(nowMs: 40) == 60)
        #expect(pacer.isFrameDue(nowMs: 100))
        let unchanged = pacer.frame(nowMs: 100, revision: 1)
        #expect(!unchanged)
        let changed = pacer.frame(nowMs: 200, revision: 2)
        #expect(changed)
        pacer.invalidate()  // a resize
        let resized = pacer.frame(nowMs: 300, revision: 2)
        #expect(resized)
        let idle = pacer.frame(nowMs: 400, revision: 2)
        #expect(!idle)
    }

    @Test func eventsChangeTheScreen() async throws {
        let terminal = ScriptedTerminal()
        let backend = RecordingBackend()
        let runner = Self.runner(backend, terminal)
        async let summary = runner.run()
        #expect(await eventually { backend.bus.subscriberCount == 1 && !terminal.frames.isEmpty })
        let before = terminal.frames.last!
        for number in 1...20 { backend.bus.publish(finishedRequest(number)) }
        #expect(await eventually { terminal.frames.last != before })
        runner.stop()
        _ = try await summary
    }

    @Test func anIdleConsoleDoesNotRepaintEveryFrame() async throws {
        let terminal = ScriptedTerminal()
        let runner = Self.runner(RecordingBackend(), terminal)
        async let summary = runner.run()
        #expect(await eventually { terminal.reads >= 20 }, "twenty frames ticked")
        runner.stop()
        _ = try await summary
        // Only the first frame, the provider list arriving and the header clock (once per wall-clock
        // second, however slow the box runs the test) may paint; a console repainting every frame
        // would paint at least twenty.
        let seconds = Int(terminal.elapsed.components.seconds)
        #expect(terminal.frames.count <= 3 + seconds, "\(terminal.frames.count) frames in \(seconds) s: \(terminal.frameTimes)")
        #expect(terminal.frames.count < terminal.reads, "\(terminal.reads) frames ticked")
    }

    @Test func aResizePaintsAtTheNewSize() async throws {
        let terminal = ScriptedTerminal()
        let runner = Self.runner(RecordingBackend(), terminal)
        async let summary = runner.run()
        #expect(await eventually { !terminal.frames.isEmpty })
        terminal.push(.resize(width: 90, height: 30))
        #expect(await eventually { terminal.frames.last.map { ($0.width, $0.height) == (90, 30) } ?? false })
        runner.stop()
        _ = try await summary
    }

    @Test func providersAreFetchedAtStartAndAfterEveryCommand() async throws {
        let terminal = ScriptedTerminal()
        let backend = RecordingBackend()
        let runner = Self.runner(backend, terminal)
        async let summary = runner.run()
        #expect(await eventually { backend.providerFetches >= 1 })
        runner.stop()
        _ = try await summary
    }
}
