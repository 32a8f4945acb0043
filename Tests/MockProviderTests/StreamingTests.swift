import Foundation
import MockProvider
import SignalboxCore
import Testing

@Suite struct StreamingTests {
    /// Opens a streamed chat completion and returns the connection after reading the head.
    private func openStream(
        _ port: Int, body: String
    ) async throws -> (LoopbackHTTPConnection, LoopbackHTTPConnection.Head) {
        let connection = try await LoopbackHTTPConnection.open(port: port)
        try await connection.send("POST", "/v1/chat/completions", headers: [("Content-Type", "application/json")], body: body)
        return (connection, try await connection.readHead())
    }

    private func chunk(_ data: String?) throws -> ChatCompletionChunk {
        let data = try #require(data)
        return try JSONDecoder().decode(ChatCompletionChunk.self, from: Data(data.utf8))
    }

    @Test func eventsComeInOpenAIOrderWithUsageAndDone() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.chunks = 5
        try await withMock(configuration) { server, port in
            let plain = try await call(port, "POST", "/v1/chat/completions", json: chatBody(model: "gpt-s"))
            let expected = try #require(try plain.decode(ChatCompletionResponse.self).choices.first?.message.content?.plainText)

            let (connection, head) = try await openStream(
                port, body: chatBody(model: "gpt-s", extra: #""stream":true,"stream_options":{"include_usage":true}"#))
            defer { connection.close() }
            #expect(head.status == 200)
            #expect(head.headers["content-type"] == "text/event-stream")
            #expect(head.headers["x-request-id"] == "mock-req-2")

            let first = try chunk(try await connection.nextEvent())
            #expect(first.object == "chat.completion.chunk")
            #expect(first.model == "gpt-s")
            #expect(first.choices.first?.delta.role == "assistant")
            var content = ""
            for _ in 0..<5 {
                let piece = try chunk(try await connection.nextEvent())
                let choice = try #require(piece.choices.first)
                #expect(choice.delta.role == nil)
                #expect(choice.finishReason == nil)
                let text = try #require(choice.delta.content)
                #expect(!text.isEmpty)
                content += text
            }
            #expect(content == expected, "the pieces add up to the non-streamed reply")
            let final = try chunk(try await connection.nextEvent())
            #expect(final.choices.first?.finishReason == "stop")
            #expect(final.choices.first?.delta.content == nil)
            let usageChunk = try chunk(try await connection.nextEvent())
            #expect(usageChunk.choices.isEmpty)
            let usage = try #require(usageChunk.usage)
            #expect(usage.promptTokens == 6)
            #expect(usage.completionTokens == expected.split(separator: " ").count)
            #expect(try await connection.nextEvent() == "[DONE]")
            #expect(try await connection.nextEvent() == nil, "the body ends after [DONE]")

            try await server.waitForStats(timeout: .seconds(10)) { $0.streamsCompleted == 1 }
            let stats = server.stats
            #expect(stats.streamsStarted == 1)
            #expect(stats.activeStreams == 0)
            #expect(stats.chatRequests == 2)
        }
    }

    @Test func noUsageChunkUnlessAskedFor() async throws {
        try await withMock { _, port in
            let (connection, _) = try await openStream(port, body: chatBody(extra: #""stream":true"#))
            defer { connection.close() }
            var events: [String] = []
            while let event = try await connection.nextEvent() { events.append(event) }
            // role + 8 pieces (the default) + finish + [DONE]
            #expect(events.count == 11)
            #expect(events.last == "[DONE]")
            let finish = try chunk(events[events.count - 2])
            #expect(finish.choices.first?.finishReason == "stop")
            #expect(!events.contains { $0.contains("\"usage\"") })
        }
    }

    @Test func manyChunksStillGiveNonEmptyPieces() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.chunks = 40
        try await withMock(configuration) { _, port in
            let (connection, _) = try await openStream(port, body: chatBody(extra: #""stream":true"#))
            defer { connection.close() }
            var pieces: [String] = []
            while let event = try await connection.nextEvent(), event != "[DONE]" {
                if let text = try chunk(event).choices.first?.delta.content, !text.isEmpty { pieces.append(text) }
            }
            #expect(pieces.count == 40)
        }
    }

    @Test func toolCallsStreamLikeOpenAI() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.chunks = 4
        try await withMock(configuration) { _, port in
            let plain = try await call(port, "POST", "/v1/chat/completions", json: chatBody(user: "Paris?", extra: weatherTools))
            let expected = try #require(try plain.decode(ChatCompletionResponse.self).choices.first?.message.toolCalls?.first)

            let (connection, head) = try await openStream(port, body: chatBody(user: "Paris?", extra: weatherTools + #","stream":true"#))
            defer { connection.close() }
            #expect(head.status == 200)
            let first = try chunk(try await connection.nextEvent())
            let headDelta = try #require(first.choices.first?.delta)
            #expect(headDelta.role == "assistant")
            let call = try #require(headDelta.toolCalls?.first)
            #expect(call.index == 0)
            #expect(call.id == "call_mock_2")
            #expect(call.type == "function")
            #expect(call.function?.name == "get_weather")
            var arguments = call.function?.arguments ?? ""
            for _ in 0..<4 {
                let delta = try #require(try chunk(try await connection.nextEvent()).choices.first?.delta.toolCalls?.first)
                #expect(delta.id == nil)
                #expect(delta.function?.name == nil)
                arguments += try #require(delta.function?.arguments)
            }
            #expect(arguments == expected.function.arguments)
            let final = try chunk(try await connection.nextEvent())
            #expect(final.choices.first?.finishReason == "tool_calls")
            #expect(try await connection.nextEvent() == "[DONE]")
        }
    }

    @Test func cutAfterClosesTheConnectionWithoutDone() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.chunks = 6
        configuration.faults.cutAfter = 2
        try await withMock(configuration) { server, port in
            let (connection, head) = try await openStream(port, body: chatBody(extra: #""stream":true"#))
            defer { connection.close() }
            #expect(head.status == 200)
            #expect(try chunk(try await connection.nextEvent()).choices.first?.delta.role == "assistant")
            for _ in 0..<2 {
                #expect(try chunk(try await connection.nextEvent()).choices.first?.delta.content?.isEmpty == false)
            }
            await #expect(throws: LoopbackHTTPConnection.Failure.closedMidMessage) {
                _ = try await connection.nextEvent()
            }
            try await server.waitForStats(timeout: .seconds(10)) { $0.streamsCut == 1 }
            #expect(server.stats.streamsCompleted == 0)
            #expect(server.stats.activeStreams == 0)
        }
    }

    @Test func cutAfterBeyondTheContentCutsBeforeTheFinishChunk() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.chunks = 3
        configuration.faults.cutAfter = 10
        try await withMock(configuration) { server, port in
            let (connection, _) = try await openStream(port, body: chatBody(extra: #""stream":true"#))
            defer { connection.close() }
            var events: [String] = []
            await #expect(throws: LoopbackHTTPConnection.Failure.closedMidMessage) {
                while let event = try await connection.nextEvent() { events.append(event) }
            }
            #expect(events.count == 4, "role + 3 pieces, no finish chunk, no [DONE]")
            try await server.waitForStats(timeout: .seconds(10)) { $0.streamsCut == 1 }
        }
    }

    /// The gateway's "client disconnect cancels the upstream transfer" tests rely on the mock
    /// noticing a disconnect within one chunk interval, not at its next write.
    @Test func clientDisconnectIsNoticedWithinOneChunkInterval() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.chunkDelayMs = 5_000
        try await withMock(configuration) { server, port in
            let (connection, head) = try await openStream(port, body: chatBody(extra: #""stream":true"#))
            #expect(head.status == 200)
            #expect(try chunk(try await connection.nextEvent()).choices.first?.delta.role == "assistant")
            try await server.waitForStats(timeout: .seconds(10)) { $0.activeStreams == 1 }
            connection.close()
            // Well inside the 5 s before the next chunk would be written.
            try await server.waitForStats(timeout: .seconds(3)) { $0.streamsCancelled == 1 }
            #expect(server.stats.activeStreams == 0)
            #expect(server.stats.streamsCompleted == 0)
        }
    }

    @Test func stopEndsStreamsInFlight() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.chunkDelayMs = 60_000
        let server = MockProviderServer(configuration: configuration)
        let port = try await server.start()
        let (connection, _) = try await openStream(port, body: chatBody(extra: #""stream":true"#))
        defer { connection.close() }
        _ = try await connection.nextEvent()
        try await server.waitForStats(timeout: .seconds(10)) { $0.activeStreams == 1 }
        await server.stop()
        #expect(server.stats.streamsCancelled == 1)
        #expect(server.port == nil)
        await #expect(throws: LoopbackHTTPConnection.Failure.closedMidMessage) {
            _ = try await connection.nextEvent()
        }
    }
}
