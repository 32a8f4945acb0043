import Foundation
import NIOCore
public import SignalboxCore

/// Turns a streamed Messages answer (SSE) into canonical chunks:
/// - `message_start` → the first chunk, `role: "assistant"` and empty content (id and model from the message);
/// - `content_block_start` of a `tool_use` block → a tool-call delta with `id`, `type`, `name` and
///   empty arguments; tool calls are numbered apart from the content block index;
/// - `text_delta` → content; `input_json_delta` → an arguments fragment of that tool call;
/// - `message_delta` with a `stop_reason` → a chunk with the finish reason;
/// - `message_stop` → a chunk with `choices: []` and the usage (`message_start` input counts,
///   `message_delta` cumulative output count);
/// - `error` → throws `GatewayError.upstream` with the status Anthropic pairs with the error type.
/// `ping`, `content_block_stop`, thinking and server tool blocks, and unknown events add nothing.
// https://docs.anthropic.com/en/api/messages-streaming
public struct AnthropicStreamTranslator: ProviderStreamTranslator {
    private enum Block {
        case text
        case toolCall(index: Int)
        case ignored
    }

    private let provider: String
    private let created: Int
    private var splitter = SSEEventSplitter()
    private var id = ""
    private var model: String
    private var blocks: [Int: Block] = [:]
    private var toolCalls = 0
    private var usage = AnthropicUsage()
    private var finishSent = false
    private var stopped = false
    /// An error met after chunks of the same `consume` call: those chunks are handed out first,
    /// the error on the next call, so no content is lost however the bytes were split.
    private var pendingError: (any Error)?

    /// `model`: the model the request was sent to, used until `message_start` names it.
    /// `created`: the chunks' `created` time (seconds since 1970).
    public init(provider: String, model: String, created: Int) {
        self.provider = provider
        self.model = model
        self.created = created
    }

    public mutating func consume(_ bytes: [UInt8]) throws -> [ChatCompletionChunk] {
        if let pendingError { throw pendingError }
        var chunks: [ChatCompletionChunk] = []
        for event in splitter.append(ByteBuffer(bytes: bytes)) {
            guard let data = event.data else { continue }
            do {
                try handle(data, into: &chunks)
            } catch {
                guard !chunks.isEmpty else { throw error }
                pendingError = error
                return chunks
            }
        }
        return chunks
    }

    public mutating func finish() throws -> [ChatCompletionChunk] {
        if let pendingError { throw pendingError }
        var chunks: [ChatCompletionChunk] = []
        // A last event without its blank line still counts.
        if let rest = splitter.flush(), let data = SSEEventSplitter.data(of: rest) {
            try handle(data, into: &chunks)
        }
        guard stopped else {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: "the Messages stream ended before message_stop")
        }
        return chunks
    }

    private mutating func handle(_ data: ByteBuffer, into chunks: inout [ChatCompletionChunk]) throws {
        guard !stopped else { return }
        let event: AnthropicStreamEvent
        do {
            event = try SharedJSONCoders.decoder.decode(AnthropicStreamEvent.self, from: Data(data.readableBytesView))
        } catch {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: "unreadable Messages stream event")
        }
        switch event {
        case .messageStart(let message):
            id = message.id
            if !message.model.isEmpty { model = message.model }
            if let start = message.usage { usage.merge(start) }
            chunks.append(chunk(.init(role: "assistant", content: "")))
        case .contentBlockStart(let index, let block):
            switch block {
            case .text(let text):
                blocks[index] = .text
                if !text.isEmpty { chunks.append(chunk(.init(content: text))) }
            case .toolUse(let callID, let name, _):
                let call = toolCalls
                toolCalls += 1
                blocks[index] = .toolCall(index: call)
                let delta = ChatCompletionChunk.ToolCallDelta(
                    index: call, id: callID, type: "function", function: .init(name: name, arguments: ""))
                chunks.append(chunk(.init(toolCalls: [delta])))
            case .image, .toolResult, .other:
                blocks[index] = .ignored
            }
        case .contentBlockDelta(let index, let delta):
            switch (blocks[index], delta) {
            case (.text?, .text(let text)) where !text.isEmpty:
                chunks.append(chunk(.init(content: text)))
            case (.toolCall(let call)?, .inputJSON(let fragment)) where !fragment.isEmpty:
                chunks.append(chunk(.init(toolCalls: [.init(index: call, function: .init(arguments: fragment))])))
            default:
                break
            }
        case .messageDelta(let stopReason, _, let delta):
            if let delta { usage.merge(delta) }
            if let stopReason, !finishSent {
                finishSent = true
                chunks.append(chunk(.init(), finishReason: AnthropicStopReason.finishReason(for: stopReason)))
            }
        case .messageStop:
            stopped = true
            if !finishSent {
                finishSent = true
                chunks.append(chunk(.init(), finishReason: "stop"))
            }
            chunks.append(ChatCompletionChunk(id: id, created: created, model: model, choices: [], usage: usage.canonical))
        case .error(let detail):
            throw detail.gatewayError(provider: provider, status: AnthropicErrorBody.status(forType: detail.type), retryAfter: nil)
        case .contentBlockStop, .ping, .unknown:
            break
        }
    }

    private func chunk(_ delta: ChatCompletionChunk.Delta, finishReason: String? = nil) -> ChatCompletionChunk {
        ChatCompletionChunk(id: id, created: created, model: model, choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
    }
}
