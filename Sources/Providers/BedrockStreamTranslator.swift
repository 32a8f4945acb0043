import Foundation
public import SignalboxCore

/// ConverseStream's event-stream frames → canonical chunks. `messageStart` gives the role chunk,
/// `contentBlockStart` (toolUse) announces a tool call, `contentBlockDelta` carries text or
/// argument fragments, `messageStop` the finish reason and `metadata` the usage chunk.
/// Exception frames end the stream with the error they name.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStreamOutput.html
public struct BedrockStreamTranslator: ProviderStreamTranslator {
    private let provider: String
    private let id: String
    private let created: Int
    private let model: String
    private var decoder = AWSEventStreamDecoder()
    private var sentRole = false
    private var stopped = false
    /// Tool-call index (OpenAI's, counted from 0) of each Converse content block that is a tool use.
    private var toolIndexByBlock: [Int: Int] = [:]

    public init(provider: String, id: String, created: Int, model: String) {
        self.provider = provider
        self.id = id
        self.created = created
        self.model = model
    }

    public mutating func consume(_ bytes: [UInt8]) throws -> [ChatCompletionChunk] {
        let messages: [AWSEventStreamMessage]
        do {
            messages = try decoder.append(bytes)
        } catch let error as AWSEventStreamError {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: error.description)
        }
        var chunks: [ChatCompletionChunk] = []
        for message in messages {
            chunks += try translate(message)
        }
        return chunks
    }

    public mutating func finish() throws -> [ChatCompletionChunk] {
        do {
            try decoder.finish()
        } catch let error as AWSEventStreamError {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: error.description)
        }
        guard stopped else {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: "the ConverseStream answer ended before its messageStop event")
        }
        return []
    }

    private mutating func translate(_ message: AWSEventStreamMessage) throws -> [ChatCompletionChunk] {
        switch message.messageType {
        case "exception":
            let body = try? SharedJSONCoders.decoder.decode(BedrockErrorBody.self, from: Data(message.payload))
            throw BedrockAdapter.streamError(
                provider: provider, exception: message.exceptionType ?? "unknownException", message: body?.message ?? "stream exception")
        case "error":
            // Unmodeled errors carry their code and message as headers.
            let code = message.header(":error-code")?.stringValue ?? "InternalFailure"
            throw BedrockAdapter.streamError(
                provider: provider, exception: code, message: message.header(":error-message")?.stringValue ?? "stream error")
        default:
            break
        }
        switch message.eventType {
        case "messageStart":
            return sentRole ? [] : [roleChunk()]
        case "contentBlockStart":
            let event = try decode(BedrockStreamEvent.ContentBlockStart.self, message)
            guard let use = event.start.toolUse else { return [] }
            let index = toolIndexByBlock.count
            toolIndexByBlock[event.contentBlockIndex] = index
            let call = ChatCompletionChunk.ToolCallDelta(
                index: index, id: use.toolUseId, type: "function", function: .init(name: use.name, arguments: ""))
            return withRole(chunk(.init(toolCalls: [call])))
        case "contentBlockDelta":
            let event = try decode(BedrockStreamEvent.ContentBlockDelta.self, message)
            if let text = event.delta.text {
                return withRole(chunk(.init(content: text)))
            }
            if let input = event.delta.toolUse?.input {
                let index = toolIndexByBlock[event.contentBlockIndex] ?? {
                    let next = toolIndexByBlock.count
                    toolIndexByBlock[event.contentBlockIndex] = next
                    return next
                }()
                return withRole(chunk(.init(toolCalls: [.init(index: index, function: .init(arguments: input))])))
            }
            return []  // reasoning and other deltas have no Chat Completions field
        case "messageStop":
            let event = try decode(BedrockStreamEvent.MessageStop.self, message)
            stopped = true
            return withRole(chunk(.init(), finishReason: BedrockAdapter.finishReason(event.stopReason)))
        case "metadata":
            let event = try decode(BedrockStreamEvent.Metadata.self, message)
            guard let usage = event.usage else { return [] }
            return [ChatCompletionChunk(id: id, created: created, model: model, choices: [], usage: BedrockAdapter.usage(usage))]
        default:
            return []  // contentBlockStop, and event types added later
        }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ message: AWSEventStreamMessage) throws -> T {
        do {
            return try SharedJSONCoders.decoder.decode(type, from: Data(message.payload))
        } catch {
            throw GatewayError.upstreamUnavailable(
                provider: provider, reason: "unreadable ConverseStream \(message.eventType ?? "event") payload (\(error))")
        }
    }

    private func chunk(_ delta: ChatCompletionChunk.Delta, finishReason: String? = nil) -> ChatCompletionChunk {
        ChatCompletionChunk(id: id, created: created, model: model, choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
    }

    private mutating func roleChunk() -> ChatCompletionChunk {
        sentRole = true
        return chunk(.init(role: "assistant", content: ""))
    }

    /// Puts the role on the first chunk when the stream skipped `messageStart`.
    private mutating func withRole(_ chunk: ChatCompletionChunk) -> [ChatCompletionChunk] {
        guard !sentRole else { return [chunk] }
        sentRole = true
        var first = chunk
        first.choices[0].delta.role = "assistant"
        return [first]
    }
}
