import Foundation
import NIOCore
public import SignalboxCore

/// Turns a streamed v2 chat answer (SSE) into canonical chunks:
/// - `message-start` → the first chunk, `role: "assistant"` and empty content (id from the event);
/// - `content-start` / `content-delta` text → content (a reasoning model's `thinking` is left out);
/// - `tool-plan-delta` → content too: the plan is the model's visible text before its tool calls,
///   which OpenAI models send as content; the non-streamed translation does the same, and the
///   request translation sends an assistant's text next to tool calls back as `tool_plan`;
/// - `tool-call-start` → a tool-call delta with `id`, `type`, `name` (and any arguments it
///   already carries), numbered in order of appearance; `tool-call-delta` → an arguments fragment;
/// - `message-end` → a chunk with the finish reason, then one with `choices: []` and the usage;
///   `ERROR` and `TIMEOUT` endings throw instead.
/// `content-end`, `tool-call-end`, citations and unknown events add nothing.
// https://docs.cohere.com/reference/chat-stream
// https://docs.cohere.com/docs/streaming
// https://docs.cohere.com/docs/tool-use-streaming
public struct CohereStreamTranslator: ProviderStreamTranslator {
    private let provider: String
    private let model: String
    private let created: Int
    private var splitter = SSEEventSplitter()
    private var id = ""
    private var started = false
    private var stopped = false
    /// Cohere's tool-call `index` → the canonical tool-call index.
    private var toolCalls: [Int: Int] = [:]
    private var lastToolCall: Int?

    /// `model`: the model the request was sent to (Cohere's events do not name it).
    /// `created`: the chunks' `created` time (seconds since 1970).
    public init(provider: String, model: String, created: Int) {
        self.provider = provider
        self.model = model
        self.created = created
    }

    public mutating func consume(_ bytes: [UInt8]) throws -> [ChatCompletionChunk] {
        var chunks: [ChatCompletionChunk] = []
        for event in splitter.append(ByteBuffer(bytes: bytes)) {
            guard let data = event.data else { continue }
            try handle(data, into: &chunks)
        }
        return chunks
    }

    public mutating func finish() throws -> [ChatCompletionChunk] {
        var chunks: [ChatCompletionChunk] = []
        // A last event without its blank line still counts.
        if let rest = splitter.flush(), let data = SSEEventSplitter.data(of: rest) {
            try handle(data, into: &chunks)
        }
        guard stopped else {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: "the Cohere chat stream ended before message-end")
        }
        return chunks
    }

    private mutating func handle(_ data: ByteBuffer, into chunks: inout [ChatCompletionChunk]) throws {
        guard !stopped, data.readableBytes > 0 else { return }
        let event: CohereStreamEvent
        do {
            event = try SharedJSONCoders.decoder.decode(CohereStreamEvent.self, from: Data(data.readableBytesView))
        } catch {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: "unreadable Cohere chat stream event")
        }
        switch event {
        case .messageStart(let messageID):
            if let messageID { id = messageID }
            start(into: &chunks)
        case .contentStart(_, let text?), .contentDelta(_, let text?), .toolPlanDelta(let text):
            start(into: &chunks)
            if !text.isEmpty { chunks.append(chunk(.init(content: text))) }
        case .toolCallStart(let index, let call):
            start(into: &chunks)
            let number = toolCalls.count
            toolCalls[index ?? number] = number
            lastToolCall = number
            let delta = ChatCompletionChunk.ToolCallDelta(
                index: number, id: call.id ?? "call_\(number)", type: "function",
                function: .init(name: call.function?.name ?? "", arguments: call.function?.arguments ?? ""))
            chunks.append(chunk(.init(toolCalls: [delta])))
        case .toolCallDelta(let index, let arguments?) where !arguments.isEmpty:
            guard let number = index.flatMap({ toolCalls[$0] }) ?? lastToolCall else { break }
            chunks.append(chunk(.init(toolCalls: [.init(index: number, function: .init(arguments: arguments))])))
        case .messageEnd(let reason, let usage):
            guard let finish = CohereFinishReason.canonical(reason) else {
                throw CohereFinishReason.failure(reason ?? "ERROR", provider: provider)
            }
            start(into: &chunks)
            stopped = true
            chunks.append(chunk(.init(), finishReason: finish))
            if let usage = usage?.canonical {
                chunks.append(ChatCompletionChunk(id: id, created: created, model: model, choices: [], usage: usage))
            }
        case .contentStart, .contentDelta, .toolCallDelta, .contentEnd, .toolCallEnd, .other:
            break
        }
    }

    /// The role chunk comes first even when the stream skips `message-start`.
    private mutating func start(into chunks: inout [ChatCompletionChunk]) {
        guard !started else { return }
        started = true
        chunks.append(chunk(.init(role: "assistant", content: "")))
    }

    private func chunk(_ delta: ChatCompletionChunk.Delta, finishReason: String? = nil) -> ChatCompletionChunk {
        ChatCompletionChunk(id: id, created: created, model: model, choices: [.init(index: 0, delta: delta, finishReason: finishReason)])
    }
}
