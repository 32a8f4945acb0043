public import SignalboxCore

/// The name the gateway uses for the Messages stream encoder.
public typealias MessagesStreamEncoder = MessagesInboundStreamEncoder

/// Turns a canonical chunk stream into Anthropic's Messages server-sent events: `message_start`
/// (input tokens 0 until known), then per content block `content_block_start`,
/// `content_block_delta` (`text_delta` or `input_json_delta`)…, `content_block_stop` — a new
/// block whenever text and tool calls alternate — then `message_delta` (stop reason and usage)
/// and `message_stop`. One encoder per answer; feed it serially.
/// Reference: https://docs.anthropic.com/en/api/messages-streaming
public struct MessagesInboundStreamEncoder: Sendable {
    private enum Block: Sendable, Equatable {
        case text
        case tool(index: Int)
    }

    private let messageID: String
    private var model: String
    private var started = false
    private var stopped = false
    private var blockCount = 0
    private var openBlock: (index: Int, kind: Block)?
    /// Canonical tool-call index → content block index.
    private var toolBlocks: [Int: Int] = [:]
    private var finishReason: String?
    private var usage: Usage?

    /// `model` is what `message_start` names until the first chunk tells the provider's model.
    public init(messageID: String, model: String) {
        self.messageID = messageID
        self.model = model
    }

    /// The events one canonical chunk completes. The usage chunk that follows the finish reason
    /// ends the message (`message_delta`, `message_stop`).
    public mutating func encode(_ chunk: ChatCompletionChunk) -> [UInt8] {
        guard !stopped else { return [] }
        if !started, !chunk.model.isEmpty { model = chunk.model }
        var bytes = start()
        for choice in chunk.choices where choice.index == 0 {
            if let text = choice.delta.content, !text.isEmpty {
                if openBlock?.kind != .text {
                    bytes += closeBlock()
                    bytes += openNewBlock(.text, block: .text(""))
                }
                bytes += MessagesInbound.sseEvent(.contentBlockDelta(index: openBlock!.index, delta: .text(text)))
            }
            for call in choice.delta.toolCalls ?? [] {
                bytes += appendToolCall(call)
            }
            if let reason = choice.finishReason {
                finishReason = reason
                bytes += closeBlock()
            }
        }
        if let chunkUsage = chunk.usage {
            usage = chunkUsage
            if finishReason != nil { bytes += stop() }
        }
        return bytes
    }

    /// Closes the open block and sends `message_delta` and `message_stop` unless already sent.
    /// `usage` overrides what the chunks reported.
    public mutating func finish(usage finalUsage: Usage? = nil) -> [UInt8] {
        guard !stopped else { return [] }
        if let finalUsage { usage = finalUsage }
        return start() + stop()
    }

    /// An `error` event (`{"type":"error","error":{…}}`); the stream ends with it.
    // https://docs.anthropic.com/en/api/messages-streaming (error events)
    public mutating func error(_ error: GatewayError) -> [UInt8] {
        guard !stopped else { return [] }
        stopped = true
        return MessagesInbound.sseEvent(.error(MessagesInbound.errorBody(error).error))
    }

    // MARK: - Events

    private mutating func start() -> [UInt8] {
        guard !started else { return [] }
        started = true
        let message = AnthropicMessagesResponse(
            id: messageID, model: model, content: [], stopReason: nil, usage: AnthropicUsage(inputTokens: 0, outputTokens: 0))
        return MessagesInbound.sseEvent(.messageStart(message))
    }

    private mutating func appendToolCall(_ call: ChatCompletionChunk.ToolCallDelta) -> [UInt8] {
        var bytes: [UInt8] = []
        let blockIndex: Int
        if let known = toolBlocks[call.index] {
            blockIndex = known
        } else {
            bytes += closeBlock()
            let id = call.id ?? "toolu_\(messageID.hasPrefix("msg_") ? String(messageID.dropFirst(4)) : messageID)_\(blockCount)"
            bytes += openNewBlock(.tool(index: call.index), block: .toolUse(id: id, name: call.function?.name ?? "", input: .object([:])))
            blockIndex = openBlock!.index
            toolBlocks[call.index] = blockIndex
        }
        // A fragment for a block already closed (interleaved parallel calls) keeps its own index;
        // the SDKs' accumulators append by index.
        if let fragment = call.function?.arguments, !fragment.isEmpty {
            bytes += MessagesInbound.sseEvent(.contentBlockDelta(index: blockIndex, delta: .inputJSON(fragment)))
        }
        return bytes
    }

    private mutating func openNewBlock(_ kind: Block, block: AnthropicContentBlock) -> [UInt8] {
        let index = blockCount
        blockCount += 1
        openBlock = (index, kind)
        return MessagesInbound.sseEvent(.contentBlockStart(index: index, block: block))
    }

    private mutating func closeBlock() -> [UInt8] {
        guard let open = openBlock else { return [] }
        openBlock = nil
        return MessagesInbound.sseEvent(.contentBlockStop(index: open.index))
    }

    private mutating func stop() -> [UInt8] {
        var bytes = closeBlock()
        stopped = true
        var deltaUsage = MessagesInbound.usage(usage)
        if usage == nil { deltaUsage = AnthropicUsage(outputTokens: 0) }
        bytes += MessagesInbound.sseEvent(
            .messageDelta(stopReason: AnthropicStopReason.stopReason(for: finishReason), stopSequence: nil, usage: deltaUsage))
        return bytes + MessagesInbound.sseEvent(.messageStop)
    }
}
