public import SignalboxCore

// https://docs.cohere.com/reference/chat
// https://docs.cohere.com/docs/tool-use
// https://docs.cohere.com/docs/structured-outputs
extension CohereChatRequest {
    /// Cohere's own request fields a client may send as extras; they pass through unchanged.
    /// Other unknown fields (OpenAI's `user`, `logit_bias`, `parallel_tool_calls`, …) have no
    /// Cohere counterpart and are left out rather than rejected upstream.
    static let passthroughExtras: Set<String> = [
        "k", "documents", "citation_options", "safety_mode", "thinking", "logprobs", "priority", "strict_tools",
    ]

    /// Translates a canonical request: system and developer messages become `system` messages,
    /// an assistant's text next to tool calls becomes its `tool_plan`, `top_p` becomes `p`,
    /// `stop` becomes `stop_sequences`, `tool_choice` becomes `REQUIRED`/`NONE` (a named function
    /// is emulated with `REQUIRED` and only that tool), and `response_format` becomes Cohere's
    /// `json_object` with the schema inline. Throws `GatewayError.invalidRequest` for what Cohere
    /// cannot express (several choices, audio or file parts, legacy `function` messages).
    public init(canonical request: ChatCompletionRequest) throws {
        if case .number(let n)? = request.extras["n"], n > 1 {
            throw GatewayError.invalidRequest("Cohere returns one choice per request: 'n' must be 1.", param: "n")
        }
        var messages: [CohereMessage] = []
        for (index, message) in request.messages.enumerated() {
            messages.append(try Self.message(message, index: index))
        }
        var tools = try request.tools?.enumerated().map { index, tool in
            guard tool.type == "function" else {
                throw GatewayError.invalidRequest("Cohere supports only tools of type 'function'.", param: "tools[\(index)].type")
            }
            return CohereTool(function: .init(name: tool.function.name, description: tool.function.description, parameters: tool.function.parameters))
        }
        var toolChoice: String?
        switch request.toolChoice {
        case .none, .some(.null), .some(.string("auto")):
            toolChoice = nil
        case .some(.string("none")):
            toolChoice = "NONE"
        case .some(.string("required")):
            toolChoice = "REQUIRED"
        case .some(let choice):
            // Cohere cannot pin one tool: force a call and offer only the named tool.
            guard let name = choice["function"]?["name"]?.stringValue else {
                throw GatewayError.invalidRequest(
                    "'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}.",
                    param: "tool_choice")
            }
            guard let named = tools?.filter({ $0.function.name == name }), !named.isEmpty else {
                throw GatewayError.invalidRequest("'tool_choice' names '\(name)', which is not in 'tools'.", param: "tool_choice")
            }
            tools = named
            toolChoice = "REQUIRED"
        }
        let strict = request.tools?.contains { $0.function.strict == true } == true ? true : nil

        var extras: [String: JSONValue] = [:]
        for (name, value) in request.extras where Self.passthroughExtras.contains(name) {
            extras[name] = value
        }
        self.init(
            model: request.model, messages: messages, tools: tools, strictTools: strict, toolChoice: toolChoice,
            maxTokens: request.maxTokens ?? request.maxCompletionTokens, temperature: request.temperature, p: request.topP,
            stopSequences: request.stop, seed: Self.integer(request.extras["seed"]),
            frequencyPenalty: Self.number(request.extras["frequency_penalty"]), presencePenalty: Self.number(request.extras["presence_penalty"]),
            responseFormat: try Self.responseFormat(request.extras["response_format"]), stream: request.stream, extras: extras)
    }

    private static func message(_ message: ChatMessage, index: Int) throws -> CohereMessage {
        switch message.role {
        case .system, .developer:
            return CohereMessage(role: "system", content: .text(message.content?.plainText ?? ""))
        case .user:
            switch message.content {
            case .text(let text)?:
                return CohereMessage(role: "user", content: .text(text))
            case .parts(let parts)?:
                let converted = try parts.enumerated().map { partIndex, part -> CohereContentPart in
                    switch part {
                    case .text(let text): return .text(text)
                    case .imageURL(let url, let detail): return .imageURL(url: url, detail: detail)
                    case .other(let type, _):
                        throw GatewayError.invalidRequest(
                            "Cohere accepts only text and image_url content parts, not '\(type)'.",
                            param: "messages[\(index)].content[\(partIndex)]")
                    }
                }
                return CohereMessage(role: "user", content: .parts(converted))
            case nil:
                return CohereMessage(role: "user", content: .text(""))
            }
        case .assistant:
            let text = message.content?.plainText ?? ""
            if let calls = message.toolCalls, !calls.isEmpty {
                // https://docs.cohere.com/docs/tool-use: the tool plan goes back with the tool calls.
                let converted = calls.map {
                    CohereToolCall(id: $0.id, type: "function", function: .init(name: $0.function.name, arguments: $0.function.arguments))
                }
                return CohereMessage(role: "assistant", toolCalls: converted, toolPlan: text.isEmpty ? nil : text)
            }
            return CohereMessage(role: "assistant", content: .text(text))
        case .tool:
            guard let callID = message.toolCallID else {
                throw GatewayError.invalidRequest("A tool message needs 'tool_call_id'.", param: "messages[\(index)].tool_call_id")
            }
            return CohereMessage(role: "tool", content: .text(message.content?.plainText ?? ""), toolCallID: callID)
        case .function:
            throw GatewayError.invalidRequest(
                "Cohere does not accept legacy 'function' messages: send tool results as 'tool' messages.", param: "messages[\(index)].role")
        }
    }

    private static func responseFormat(_ value: JSONValue?) throws -> CohereResponseFormat? {
        guard let value, value != .null else { return nil }
        switch value["type"]?.stringValue {
        case "text": return nil
        case "json_object": return CohereResponseFormat(type: "json_object")
        case "json_schema": return CohereResponseFormat(type: "json_object", jsonSchema: value["json_schema"]?["schema"])
        default:
            throw GatewayError.invalidRequest(
                "'response_format.type' must be \"text\", \"json_object\" or \"json_schema\".", param: "response_format.type")
        }
    }

    private static func number(_ value: JSONValue?) -> Double? {
        if case .number(let number)? = value { return number }
        return nil
    }

    private static func integer(_ value: JSONValue?) -> Int? {
        guard let number = number(value), number.rounded() == number, abs(number) < 9.0e15 else { return nil }
        return Int(number)
    }
}
