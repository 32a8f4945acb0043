/// One server-sent event of a streamed Messages answer: `message_start`, then per content block
/// `content_block_start`, `content_block_delta`…, `content_block_stop`, then `message_delta` and
/// `message_stop`; `ping` and `error` may come at any point. The SSE `event:` name equals `type`.
// https://docs.anthropic.com/en/api/messages-streaming
public enum AnthropicStreamEvent: Sendable, Hashable {
    case messageStart(AnthropicMessagesResponse)
    case contentBlockStart(index: Int, block: AnthropicContentBlock)
    case contentBlockDelta(index: Int, delta: AnthropicContentDelta)
    case contentBlockStop(index: Int)
    /// Top-level changes: the stop reason, and cumulative usage.
    case messageDelta(stopReason: String?, stopSequence: String?, usage: AnthropicUsage?)
    case messageStop
    case ping
    case error(AnthropicErrorBody.Detail)
    /// An event type added after this was written ("handle unknown event types gracefully").
    case unknown(type: String)

    /// The event's `type`, also its SSE `event:` name.
    public var type: String {
        switch self {
        case .messageStart: "message_start"
        case .contentBlockStart: "content_block_start"
        case .contentBlockDelta: "content_block_delta"
        case .contentBlockStop: "content_block_stop"
        case .messageDelta: "message_delta"
        case .messageStop: "message_stop"
        case .ping: "ping"
        case .error: "error"
        case .unknown(let type): type
        }
    }
}

extension AnthropicStreamEvent: Codable {
    enum CodingKeys: String, CodingKey {
        case type, message, index, delta, usage, error
        case contentBlock = "content_block"
    }

    struct MessageDelta: Codable {
        var stopReason: String?
        var stopSequence: String?

        enum CodingKeys: String, CodingKey {
            case stopReason = "stop_reason"
            case stopSequence = "stop_sequence"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(stopReason, forKey: .stopReason)
            try c.encode(stopSequence, forKey: .stopSequence)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let type = try c.decode(String.self, forKey: .type)
        switch type {
        case "message_start":
            self = .messageStart(try c.decode(AnthropicMessagesResponse.self, forKey: .message))
        case "content_block_start":
            self = .contentBlockStart(
                index: try c.decode(Int.self, forKey: .index), block: try c.decode(AnthropicContentBlock.self, forKey: .contentBlock))
        case "content_block_delta":
            self = .contentBlockDelta(
                index: try c.decode(Int.self, forKey: .index), delta: try c.decode(AnthropicContentDelta.self, forKey: .delta))
        case "content_block_stop":
            self = .contentBlockStop(index: try c.decode(Int.self, forKey: .index))
        case "message_delta":
            let delta = try c.decodeIfPresent(MessageDelta.self, forKey: .delta)
            self = .messageDelta(
                stopReason: delta?.stopReason, stopSequence: delta?.stopSequence,
                usage: try c.decodeIfPresent(AnthropicUsage.self, forKey: .usage))
        case "message_stop":
            self = .messageStop
        case "ping":
            self = .ping
        case "error":
            self = .error(try c.decode(AnthropicErrorBody.Detail.self, forKey: .error))
        default:
            self = .unknown(type: type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(type, forKey: .type)
        switch self {
        case .messageStart(let message):
            try c.encode(message, forKey: .message)
        case .contentBlockStart(let index, let block):
            try c.encode(index, forKey: .index)
            try c.encode(block, forKey: .contentBlock)
        case .contentBlockDelta(let index, let delta):
            try c.encode(index, forKey: .index)
            try c.encode(delta, forKey: .delta)
        case .contentBlockStop(let index):
            try c.encode(index, forKey: .index)
        case .messageDelta(let stopReason, let stopSequence, let usage):
            try c.encode(MessageDelta(stopReason: stopReason, stopSequence: stopSequence), forKey: .delta)
            try c.encodeIfPresent(usage, forKey: .usage)
        case .error(let detail):
            try c.encode(detail, forKey: .error)
        case .messageStop, .ping, .unknown:
            break
        }
    }
}
