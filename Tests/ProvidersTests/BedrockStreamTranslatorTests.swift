import Foundation
import Providers
import SignalboxCore
import Testing

@Suite struct BedrockStreamTranslatorTests {
    struct Event: Decodable {
        var event: String
        var payload: JSONValue
    }

    /// Frames a fixture's documented event payloads into the binary ConverseStream transcript.
    static func transcript(_ fixture: String) throws -> [UInt8] {
        let events = try JSONDecoder().decode([Event].self, from: Data(try Fixture.bytes("bedrock/\(fixture)")))
        return try events.flatMap { event in
            AWSEventStreamEncoder.encode(.event(event.event, json: Array(try JSONEncoder().encode(event.payload))))
        }
    }

    static func translate(_ bytes: [UInt8], pieceSize: Int) throws -> [ChatCompletionChunk] {
        var translator = BedrockStreamTranslator(provider: "bedrock-main", id: "chatcmpl-bedrock-1", created: 7, model: "claude")
        var chunks: [ChatCompletionChunk] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + pieceSize)
            chunks += try translator.consume(Array(bytes[index..<end]))
            index = end
        }
        return chunks + (try translator.finish())
    }

    @Test(arguments: [1, 5, 33, 100_000])
    func textStreamBecomesRoleContentFinishAndUsageChunks(pieceSize: Int) throws {
        let chunks = try Self.translate(try Self.transcript("stream-text.events.json"), pieceSize: pieceSize)
        #expect(chunks.count == 6)
        #expect(chunks.allSatisfy { $0.id == "chatcmpl-bedrock-1" && $0.model == "claude" && $0.object == "chat.completion.chunk" })
        #expect(chunks[0].choices.first?.delta.role == "assistant")
        #expect(chunks[1...3].compactMap { $0.choices.first?.delta.content }.joined() == "Hello, world!")
        #expect(chunks[4].choices.first?.finishReason == "length")
        #expect(chunks[5].choices.isEmpty)
        #expect(chunks[5].usage?.promptTokens == 20)
        #expect(chunks[5].usage?.completionTokens == 4)
        #expect(chunks[5].usage?.promptTokensDetails?.cachedTokens == 5)
    }

    @Test(arguments: [3, 64])
    func toolUseStreamAnnouncesTheCallThenItsArguments(pieceSize: Int) throws {
        let chunks = try Self.translate(try Self.transcript("stream-tool-use.events.json"), pieceSize: pieceSize)
        #expect(chunks.first?.choices.first?.delta.role == "assistant")
        #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == "Let me check.")
        let deltas = chunks.compactMap { $0.choices.first?.delta.toolCalls?.first }
        let head = try #require(deltas.first)
        #expect(head.index == 0)
        #expect(head.id == "tooluse_Ahd7K2zDQuy1oYr6m3LNLA")
        #expect(head.type == "function")
        #expect(head.function?.name == "top_song")
        #expect(deltas.allSatisfy { $0.index == 0 })
        #expect(deltas.compactMap { $0.function?.arguments }.joined() == #"{"sign": "WZPZ"}"#)
        #expect(chunks.compactMap { $0.choices.first?.finishReason } == ["tool_calls"])
        #expect(chunks.last?.usage?.totalTokens == 468)
    }

    @Test(arguments: [
        ("throttlingException", 429, "rate_limit_error"), ("validationException", 400, "invalid_request_error"),
        ("serviceUnavailableException", 503, "api_error"), ("internalServerException", 500, "api_error"),
        ("modelStreamErrorException", 424, "api_error"),
    ])
    func exceptionFramesEndTheStreamWithTheirError(exception: String, status: Int, type: String) throws {
        var bytes = AWSEventStreamEncoder.encode(.event("messageStart", json: Array(#"{"role":"assistant"}"#.utf8)))
        bytes += AWSEventStreamEncoder.encode(.exception(exception, json: Array(#"{"message":"stream broke"}"#.utf8)))
        var translator = BedrockStreamTranslator(provider: "bedrock-main", id: "x", created: 0, model: "m")
        do {
            _ = try translator.consume(bytes)
            Issue.record("an exception frame must end the stream")
        } catch let error as GatewayError {
            #expect(error.status == status)
            #expect(error.type == type)
            #expect(error.codeName == exception.prefix(1).uppercased() + exception.dropFirst())
            #expect(error.message.contains("stream broke"))
        }
    }

    @Test func streamWithoutMessageStopFailsAtFinish() throws {
        var translator = BedrockStreamTranslator(provider: "bedrock-main", id: "x", created: 0, model: "m")
        let bytes = AWSEventStreamEncoder.encode(.event("messageStart", json: Array(#"{"role":"assistant"}"#.utf8)))
        #expect(try translator.consume(bytes).count == 1)
        #expect(throws: GatewayError.self) { try translator.finish() }
    }

    @Test func corruptFrameIsAnUpstreamError() throws {
        var bytes = AWSEventStreamEncoder.encode(.event("messageStart", json: Array(#"{"role":"assistant"}"#.utf8)))
        bytes[20] ^= 0x40
        var translator = BedrockStreamTranslator(provider: "bedrock-main", id: "x", created: 0, model: "m")
        do {
            _ = try translator.consume(bytes)
            Issue.record("a corrupt frame must fail")
        } catch let error as GatewayError {
            #expect(error.status == 502)
            #expect(error.message.contains("CRC"))
        }
    }
}
