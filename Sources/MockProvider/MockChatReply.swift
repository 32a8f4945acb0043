import Foundation
import SignalboxCore

/// The mock's answer to a chat completion request: deterministic from the request, so tests and
/// caches see the same reply for the same input.
struct MockChatReply: Sendable, Equatable {
    enum Body: Sendable, Equatable {
        case text(String)
        case toolCall(ToolCall)
    }

    var body: Body
    var usage: Usage

    var finishReason: String {
        switch body {
        case .text: "stop"
        case .toolCall: "tool_calls"
        }
    }

    /// Builds the reply. `minimumWords` makes text replies long enough to stream in that many
    /// non-empty pieces. Throws `GatewayError` (400) for requests OpenAI would reject.
    init(for request: ChatCompletionRequest, requestNumber: Int, minimumWords: Int = 1) throws(GatewayError) {
        guard !request.messages.isEmpty else {
            throw .invalidRequest("'messages' must contain at least one message.", param: "messages")
        }
        let promptTokens = request.messages.reduce(0) { $0 + Self.wordCount(of: $1) }
        let lastUserText = request.messages.last { $0.role == .user }?.content?.plainText ?? ""
        if let tool = try Self.toolToCall(for: request) {
            let arguments = Self.arguments(for: tool, userText: lastUserText)
            let call = ToolCall(id: "call_mock_\(requestNumber)", function: .init(name: tool.function.name, arguments: arguments))
            self.body = .toolCall(call)
            self.usage = Usage(promptTokens: promptTokens, completionTokens: max(1, Self.words(in: arguments).count))
        } else {
            let text = Self.replyText(to: lastUserText, minimumWords: minimumWords)
            self.body = .text(text)
            self.usage = Usage(promptTokens: promptTokens, completionTokens: Self.words(in: text).count)
        }
    }

    func response(id: String, created: Int, model: String) -> ChatCompletionResponse {
        let message: ChatMessage =
            switch body {
            case .text(let text): ChatMessage(role: .assistant, content: .text(text))
            case .toolCall(let call): ChatMessage(role: .assistant, content: nil, toolCalls: [call])
            }
        return ChatCompletionResponse(
            id: id, created: created, model: model, choices: [.init(index: 0, message: message, finishReason: finishReason)], usage: usage)
    }

    // MARK: Text

    static let fillerWords = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]

    /// "Mock reply to: <first 60 characters of the last user message>" and a few fixed words,
    /// whitespace collapsed so the reply splits cleanly into word pieces.
    static func replyText(to userText: String, minimumWords: Int) -> String {
        let collapsed = words(in: userText).joined(separator: " ")
        let snippet = collapsed.isEmpty ? "(no user message)" : String(collapsed.prefix(60))
        var words = words(in: "Mock reply to: \(snippet) - this is a deterministic answer from the mock provider.")
        var filler = 0
        while words.count < minimumWords {
            words.append(fillerWords[filler % fillerWords.count])
            filler += 1
        }
        return words.joined(separator: " ")
    }

    static func words(in text: String) -> [String] {
        text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    }

    /// Prompt tokens, approximated as words of the message's text and tool-call arguments.
    private static func wordCount(of message: ChatMessage) -> Int {
        let text = message.content?.plainText ?? ""
        let arguments = message.toolCalls?.map(\.function.arguments).joined(separator: " ") ?? ""
        return words(in: text).count + words(in: arguments).count
    }

    // MARK: Tools

    /// The tool to call, if any: the named one of `tool_choice`, else the first tool, unless
    /// `tool_choice` is "none" or the conversation just received a tool result under "auto" (so
    /// agent loops end).
    private static func toolToCall(for request: ChatCompletionRequest) throws(GatewayError) -> Tool? {
        guard let tools = request.tools, let first = tools.first else { return nil }
        switch request.toolChoice {
        case .none, .some(.null), .some(.string("auto")):
            return request.messages.last?.role == .tool ? nil : first
        case .some(.string("none")):
            return nil
        case .some(.string("required")):
            return first
        case .some(let choice):
            guard let name = choice["function"]?["name"]?.stringValue else {
                throw .invalidRequest(
                    "'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}.",
                    param: "tool_choice")
            }
            guard let tool = tools.first(where: { $0.function.name == name }) else {
                throw .invalidRequest("'tool_choice' names '\(name)', which is not in 'tools'.", param: "tool_choice")
            }
            return tool
        }
    }

    /// A JSON object string with one plausible value per declared parameter, keys sorted.
    static func arguments(for tool: Tool, userText: String) -> String {
        var arguments: [String: JSONValue] = [:]
        if case .object(let properties)? = tool.function.parameters?["properties"] {
            let text = String(words(in: userText).joined(separator: " ").prefix(40))
            for (name, schema) in properties {
                arguments[name] = value(for: schema, text: text.isEmpty ? "mock" : text)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(JSONValue.object(arguments)) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    private static func value(for schema: JSONValue, text: String) -> JSONValue {
        if case .array(let options)? = schema["enum"], let first = options.first { return first }
        switch schema["type"]?.stringValue {
        case "integer": return .number(1)
        case "number": return .number(1.5)
        case "boolean": return .bool(true)
        case "array": return .array([])
        case "object": return .object([:])
        case "null": return .null
        default: return .string(text)
        }
    }
}
