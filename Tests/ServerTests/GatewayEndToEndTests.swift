import Engine
import Foundation
import MockProvider
import NIOCore
import SignalboxCore
import Testing
import Upstream

@Suite("Gateway end to end over loopback")
struct GatewayEndToEndTests {
    static let chatBody = #"{"model":"gpt-test","messages":[{"role":"user","content":"hello there"}],"signalbox_extra":{"keep":true}}"#

    @Test("non-streamed chat: provider key injected, client key withheld, headers and finish event")
    func chat() async throws {
        let harness = try await GatewayHarness.start()
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chatBody))
        let finished = await harness.nextFinished()
        await harness.stop()

        #expect(response.status == 200)
        #expect(response.headers.first("x-signalbox-provider") == "mock-openai")
        #expect(response.headers.first("x-signalbox-model") == "mock-gpt")
        #expect(response.headers.first("x-signalbox-attempts") == "1")
        #expect(response.headers.first("x-signalbox-cache") == "bypass")
        #expect(response.headers.first("x-signalbox-request-id")?.hasPrefix("req_") == true)
        #expect(response.headers.first("x-signalbox-overhead-us").flatMap(Int.init) != nil)
        #expect(response.body.contains("chat.completion"))

        let recorded = try #require(harness.mock.recordedRequests.last)
        #expect(recorded.headers["authorization"] == "Bearer " + GatewayHarness.providerKey)
        #expect(!recorded.headers.values.contains { $0.contains(GatewayHarness.clientKey) })
        #expect(recorded.body?["model"] == .string("mock-gpt"))
        #expect(recorded.body?["signalbox_extra"] == .object(["keep": .bool(true)]))

        let event = try #require(finished)
        #expect(event.status == 200)
        #expect(event.provider == "mock-openai")
        #expect(event.usage?.totalTokens ?? 0 > 0)
        #expect(event.providerRequestID?.hasPrefix("mock-req-") == true)
        #expect(event.timings.total >= event.timings.upstreamWait)
        #expect(event.requestedModel == "gpt-test")
    }

    @Test("a body that needs no change reaches the provider byte for byte; one that does is re-encoded")
    func verbatimBody() async throws {
        let harness = try await GatewayHarness.start()
        let verbatim = #"{ "messages" : [ {"role":"user","content":"as written"} ],"model":"mock-gpt", "z_extra": [1, 2.50, "x"] }"#
        let first = try await harness.send(harness.request("/chat/completions", body: verbatim))
        let firstRecorded = try #require(harness.mock.recordedRequests.last)
        let rewritten = #"{"messages":[{"role":"user","content":"as written"}],"model":"gpt-test"}"#
        let second = try await harness.send(harness.request("/chat/completions", body: rewritten))
        let secondRecorded = try #require(harness.mock.recordedRequests.last)
        // Streaming without include_usage must change the body (usage is requested upstream).
        let streamed = #"{"model":"mock-gpt","stream":true,"messages":[{"role":"user","content":"s"}]}"#
        _ = try await harness.send(harness.request("/chat/completions", body: streamed))
        let streamedRecorded = try #require(harness.mock.recordedRequests.last)
        await harness.stop()

        #expect(first.status == 200)
        #expect(firstRecorded.bodyText == verbatim)
        #expect(second.status == 200)
        #expect(secondRecorded.bodyText != rewritten)
        #expect(secondRecorded.body?["model"] == .string("mock-gpt"))
        #expect(streamedRecorded.body?["stream_options"]?["include_usage"] == .bool(true))
    }

    @Test("streamed chat relays every event, hides the injected usage chunk, accounts usage")
    func stream() async throws {
        var faults = MockFaults()
        faults.chunks = 6
        let harness = try await GatewayHarness.start(faults: faults)
        let body = #"{"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"stream please"}]}"#
        let response = try await harness.send(harness.request("/chat/completions", body: body))
        let finished = await harness.nextFinished()
        await harness.stop()

        #expect(response.status == 200)
        #expect(response.headers.first("content-type")?.hasPrefix("text/event-stream") == true)
        let events = response.body.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        #expect(events.last == "data: [DONE]")
        #expect(!response.body.contains("\"usage\":{"), "the client did not ask for usage")
        // role chunk + 6 content chunks + finish chunk + [DONE]
        #expect(events.count == 9)
        let recorded = try #require(harness.mock.recordedRequests.last)
        #expect(recorded.body?["stream_options"]?["include_usage"] == .bool(true))
        let event = try #require(finished)
        #expect(event.stream)
        #expect(event.usage != nil)
        #expect(event.chunks == 8)
    }

    @Test("a client that disconnects mid-stream cancels the upstream transfer")
    func disconnectCancelsUpstream() async throws {
        var faults = MockFaults()
        faults.chunks = 50
        faults.chunkDelayMs = 100
        let harness = try await GatewayHarness.start(faults: faults)
        let body = #"{"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"long story"}]}"#
        let request = harness.request("/chat/completions", body: body)
        let client = harness.client
        let reader = Task {
            let response = try await client.execute(request)
            for try await _ in response.body { return true }
            return false
        }
        #expect(try await reader.value)
        // Returning from the loop dropped the body iterator, which closes the client connection.
        await harness.mock.waitForStats { $0.streamsCancelled >= 1 }
        let finished = await harness.nextFinished()
        let stats = harness.mock.stats
        await harness.stop()
        #expect(stats.streamsCancelled == 1)
        #expect(stats.streamsCompleted == 0)
        #expect(finished?.clientCancelled == true)
    }

    @Test("gateway-side validation errors never reach the provider")
    func validationErrors() async throws {
        let harness = try await GatewayHarness.start(maxBodyBytes: 2_048)
        let cases: [(OutboundRequest, Int, String)] = [
            (harness.request("/chat/completions", body: "{not json"), 400, "invalid_json"),
            (harness.request("/chat/completions", body: #"{"model":"gpt-test","messages":"x"}"#), 400, "messages"),
            (harness.request("/chat/completions", body: #"{"messages":[{"role":"user","content":"x"}]}"#), 400, "model"),
            (harness.request("/chat/completions", body: #"{"model":"nope","messages":[{"role":"user","content":"x"}]}"#), 404, "model_not_found"),
            (harness.request("/chat/completions", body: Self.chatBody, contentType: "text/plain"), 415, "unsupported_media_type"),
            (harness.request("/chat/completions", body: String(repeating: "x", count: 4_000)), 413, "request_too_large"),
            (harness.request("/v1/nothing", body: "{}"), 404, "not_found"),
            (harness.request("/chat/completions", body: "", method: .get), 405, "method_not_allowed"),
            (harness.request("/embeddings", body: #"{"model":"embed-test","input":[]}"#), 400, "input"),
        ]
        for (request, status, fragment) in cases {
            let response = try await harness.send(request)
            #expect(response.status == status, "\(request.url): \(response.body)")
            #expect(response.body.contains(fragment), "\(request.url): \(response.body)")
            #expect(response.body.hasPrefix(#"{"error":{"#))
        }
        let stats = harness.mock.stats
        await harness.stop()
        #expect(stats.requests == 0)
    }

    @Test("provider errors come back with the provider's status, Retry-After and the provider named")
    func upstreamErrors() async throws {
        var faults = MockFaults()
        faults.status = 429
        faults.retryAfter = 7
        let harness = try await GatewayHarness.start(faults: faults)
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chatBody))
        var attemptFailed: AttemptFailed?
        for await event in harness.events {
            if case .attemptFailed(let failure) = event { attemptFailed = failure; break }
        }
        await harness.stop()
        #expect(response.status == 429)
        #expect(response.headers.first("retry-after") == "7")
        #expect(response.body.contains("mock-openai"))
        #expect(response.body.contains(#""provider":"mock-openai""#))
        #expect(attemptFailed?.status == 429)
    }

    @Test("an unreachable provider is a 502, a provider that never answers a 504")
    func transportFailures() async throws {
        let unreachable = try await GatewayHarness.start { provider in provider.baseURL = "http://127.0.0.1:9/v1" }
        let refused = try await unreachable.send(unreachable.request("/chat/completions", body: Self.chatBody))
        await unreachable.stop()
        #expect(refused.status == 502)
        #expect(refused.body.contains("could not be reached"))

        var faults = MockFaults()
        faults.hang = true
        let hanging = try await GatewayHarness.start(faults: faults) { provider in provider.timeouts.firstByteMs = 300 }
        let timedOut = try await hanging.send(hanging.request("/chat/completions", body: Self.chatBody))
        await hanging.stop()
        #expect(timedOut.status == 504)
        #expect(timedOut.body.contains("timed out"))
    }

    @Test("embeddings and the models list")
    func embeddingsAndModels() async throws {
        let harness = try await GatewayHarness.start()
        let embeddings = try await harness.send(harness.request("/embeddings", body: #"{"model":"embed-test","input":["a b","c d"]}"#))
        let models = try await harness.send(harness.request("/models", body: "", method: .get))
        await harness.stop()
        #expect(embeddings.status == 200)
        let decoded = try JSONDecoder().decode(EmbeddingResponse.self, from: Data(embeddings.body.utf8))
        #expect(decoded.data.count == 2)
        #expect(models.status == 200)
        #expect(models.body.contains(#""id":"gpt-test""#))
        #expect(models.body.contains(#""id":"mock-openai\/mock-gpt""#) || models.body.contains(#""id":"mock-openai/mock-gpt""#))
    }

    @Test("JSON media types are accepted with parameters, case and spacing; others are 415")
    func contentTypes() async throws {
        let harness = try await GatewayHarness.start()
        var statuses: [String: Int] = [:]
        for type in ["application/json", "Application/JSON", "application/json; charset=utf-8", " application/json ;charset=UTF-8",
            "application/vnd.signalbox+json", "text/plain", "application/jsonx", "json"]
        {
            statuses[type] = try await harness.send(harness.request("/chat/completions", body: Self.chatBody, contentType: type)).status
        }
        let upstream = harness.mock.recordedRequests.count
        await harness.stop()

        #expect(statuses["application/json"] == 200)
        #expect(statuses["Application/JSON"] == 200)
        #expect(statuses["application/json; charset=utf-8"] == 200)
        #expect(statuses[" application/json ;charset=UTF-8"] == 200)
        #expect(statuses["application/vnd.signalbox+json"] == 200)
        #expect(statuses["text/plain"] == 415)
        #expect(statuses["application/jsonx"] == 415)
        #expect(statuses["json"] == 415)
        #expect(upstream == 5)
    }
}
