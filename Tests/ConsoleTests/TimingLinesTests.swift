@testable import Console
import SignalboxCore
import Testing

@Suite("Inspector timings")
struct TimingLinesTests {
    private func text(_ timings: StageTimings) -> [String] {
        ExchangeDocument.timingLines(timings, width: 100).map { $0.spans.map(\.text).joined() }
    }

    @Test("a stream's longest chunk relay gets its own line; other requests have none")
    func chunkRelayLine() throws {
        var timings = StageTimings()
        timings.upstreamFirstByte = 40_000_000
        timings.total = 50_000_000
        #expect(!text(timings).contains { $0.contains("chunk relay") })
        timings.longestChunkRelay = 1_500_000
        let line = try #require(text(timings).first { $0.contains("chunk relay") })
        #expect(line.contains(DisplayFormat.latency(ns: 1_500_000)))
        #expect(line.contains("longest a streamed chunk spent in Signalbox"))
    }
}
