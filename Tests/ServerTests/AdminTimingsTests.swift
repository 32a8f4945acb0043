import Foundation
import SignalboxCore
import Testing

extension JSONValue {
    /// A JSON number that is a whole number.
    fileprivate var integer: Int? {
        guard case .number(let value) = self, value.rounded() == value else { return nil }
        return Int(value)
    }
}

@Suite("Admin request detail: stage timings")
struct AdminTimingsTests {
    @Test("a streamed request reports the longest time a chunk spent in Signalbox; a plain one does not")
    func longestChunkRelay() async throws {
        let harness = try await GatewayHarness.start(adminTokens: AdminAPITests.tokens)
        let streamed = try await harness.send(
            harness.request("/chat/completions", body: #"{"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"stream it"}]}"#))
        let streamedFinished = try #require(await harness.nextFinished())
        let plain = try await harness.send(
            harness.request("/chat/completions", body: #"{"model":"gpt-test","messages":[{"role":"user","content":"plain"}]}"#))
        let plainFinished = try #require(await harness.nextFinished())
        let streamedDetail = try await harness.admin(.get, "/admin/v1/requests/\(streamedFinished.id.rawValue)", token: AdminAPITests.viewerToken)
        let plainDetail = try await harness.admin(.get, "/admin/v1/requests/\(plainFinished.id.rawValue)", token: AdminAPITests.viewerToken)
        await harness.stop()

        #expect(streamed.status == 200 && streamed.body.contains("[DONE]"))
        #expect(plain.status == 200)
        #expect(streamedFinished.stream && !plainFinished.stream)
        // Every relayed chunk crossed from the upstream thread to the client's event loop.
        #expect(streamedFinished.timings.longestChunkRelay > 0)
        #expect(streamedFinished.timings.longestChunkRelay <= streamedFinished.timings.total)
        #expect(plainFinished.timings.longestChunkRelay == 0)

        let streamedTimings = try #require(streamedDetail.json?["timings"], "\(streamedDetail.body)")
        let relayUs = try #require(streamedTimings["longest_chunk_relay_us"]?.integer)
        #expect(relayUs == Int(streamedFinished.timings.longestChunkRelay / 1_000))
        #expect(streamedTimings["total_us"]?.integer == Int(streamedFinished.timings.total / 1_000))
        #expect(streamedTimings["overhead_us"]?.integer == Int(streamedFinished.timings.overhead / 1_000))

        let plainTimings = try #require(plainDetail.json?["timings"], "\(plainDetail.body)")
        #expect(plainTimings["longest_chunk_relay_us"] == nil, "only streams have chunks")
        #expect(plainTimings["upstream_first_byte_us"]?.integer == Int(plainFinished.timings.upstreamFirstByte / 1_000))
    }
}
