/// One event of a streamed v2 chat answer (SSE; each `data:` is a JSON object named by `type`).
/// Decoded leniently: `message-start` sends `content` and `tool_calls` as (empty) arrays where
/// later events send single objects.
// https://docs.cohere.com/reference/chat-stream
// https://docs.cohere.com/docs/streaming
// https://docs.cohere.com/docs/tool-use-streaming
public enum CohereStreamEvent: Sendable, Hashable {
    case messageStart(id: String?)
    case contentStart(index: Int?, text: String?)
    /// `delta.message.content.text`; nil for a reasoning model's `thinking` pieces.
    case contentDelta(index: Int?, text: String?)
    case contentEnd(index: Int?)
    case toolPlanDelta(String)
    case toolCallStart(index: Int?, call: CohereToolCall)
    case toolCallDelta(index: Int?, arguments: String?)
    case toolCallEnd(index: Int?)
    case messageEnd(finishReason: String?, usage: CohereUsage?)
    /// `citation-start`, `citation-end`, `debug` and any later addition.
    case other(type: String)

    public var type: String {
        switch self {
        case .messageStart: "message-start"
        case .contentStart: "content-start"
        case .contentDelta: "content-delta"
        case .contentEnd: "content-end"
        case .toolPlanDelta: "tool-plan-delta"
        case .toolCallStart: "tool-call-start"
        case .toolCallDelta: "tool-call-delta"
        case .toolCallEnd: "tool-call-end"
        case .messageEnd: "message-end"
        case .other(let type): type
        }
    }
}

extension CohereStreamEvent: Codable {
    private struct Envelope: Codable {
        var type: String
        var id: String?
        var index: Int?
        var delta: Delta?
    }

    private struct Delta: Codable {
        var message: Message?
        var finishReason: String?
        var usage: CohereUsage?

        enum CodingKeys: String, CodingKey {
            case message, usage
            case finishReason = "finish_reason"
        }
    }

    private struct Message: Codable {
        var role: String?
        var content: Content?
        var toolPlan: String?
        var toolCalls: CohereToolCall?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolPlan = "tool_plan"
            case toolCalls = "tool_calls"
        }

        init(role: String? = nil, content: Content? = nil, toolPlan: String? = nil, toolCalls: CohereToolCall? = nil) {
            self.role = role
            self.content = content
            self.toolPlan = toolPlan
            self.toolCalls = toolCalls
        }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.role = try c.decodeIfPresent(String.self, forKey: .role)
            self.content = try? c.decodeIfPresent(Content.self, forKey: .content)
            self.toolPlan = try? c.decodeIfPresent(String.self, forKey: .toolPlan)
            self.toolCalls = try? c.decodeIfPresent(CohereToolCall.self, forKey: .toolCalls)
        }
    }

    private struct Content: Codable {
        var type: String?
        var text: String?
    }

    public init(from decoder: any Decoder) throws {
        let event = try Envelope(from: decoder)
        let message = event.delta?.message
        switch event.type {
        case "message-start": self = .messageStart(id: event.id)
        case "content-start": self = .contentStart(index: event.index, text: message?.content?.text)
        case "content-delta": self = .contentDelta(index: event.index, text: message?.content?.text)
        case "content-end": self = .contentEnd(index: event.index)
        case "tool-plan-delta": self = .toolPlanDelta(message?.toolPlan ?? "")
        case "tool-call-start":
            self = .toolCallStart(index: event.index, call: message?.toolCalls ?? CohereToolCall(id: nil, type: nil, function: nil))
        case "tool-call-delta": self = .toolCallDelta(index: event.index, arguments: message?.toolCalls?.function?.arguments)
        case "tool-call-end": self = .toolCallEnd(index: event.index)
        case "message-end": self = .messageEnd(finishReason: event.delta?.finishReason, usage: event.delta?.usage)
        default: self = .other(type: event.type)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        let envelope: Envelope
        switch self {
        case .messageStart(let id):
            envelope = Envelope(type: type, id: id, delta: Delta(message: Message(role: "assistant")))
        case .contentStart(let index, let text):
            envelope = Envelope(type: type, index: index, delta: Delta(message: Message(content: Content(type: "text", text: text ?? ""))))
        case .contentDelta(let index, let text):
            envelope = Envelope(type: type, index: index, delta: Delta(message: Message(content: Content(text: text))))
        case .contentEnd(let index), .toolCallEnd(let index):
            envelope = Envelope(type: type, index: index)
        case .toolPlanDelta(let plan):
            envelope = Envelope(type: type, delta: Delta(message: Message(toolPlan: plan)))
        case .toolCallStart(let index, let call):
            envelope = Envelope(type: type, index: index, delta: Delta(message: Message(toolCalls: call)))
        case .toolCallDelta(let index, let arguments):
            let fragment = CohereToolCall(id: nil, type: nil, function: .init(name: nil, arguments: arguments))
            envelope = Envelope(type: type, index: index, delta: Delta(message: Message(toolCalls: fragment)))
        case .messageEnd(let finishReason, let usage):
            envelope = Envelope(type: type, delta: Delta(finishReason: finishReason, usage: usage))
        case .other(let type):
            envelope = Envelope(type: type)
        }
        try envelope.encode(to: encoder)
    }
}
