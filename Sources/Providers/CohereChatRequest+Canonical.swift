public import SignalboxCore

// https://docs.cohere.com/reference/chat
extension CohereChatRequest {
    /// The canonical request this v2 chat request asks for (the inverse of
    /// `init(canonical:)`, used by the mock provider to serve Cohere's API).
    public var canonical: ChatCompletionRequest {
        let messages = messages.map { message -> ChatMessage in
            switch message.role {
            case "system":
                return ChatMessage(role: .system, content: .text(message.content?.plainText ?? ""))
            case "assistant":
                let calls = message.toolCalls?.map {
                    ToolCall(id: $0.id ?? "", function: .init(name: $0.function?.name ?? "", arguments: $0.function?.arguments ?? ""))
                }
                let text = message.toolPlan ?? message.content?.plainText
                return ChatMessage(role: .assistant, content: text.map { .text($0) }, toolCalls: calls?.isEmpty == false ? calls : nil)
            case "tool":
                return ChatMessage(role: .tool, content: .text(message.content?.plainText ?? ""), toolCallID: message.toolCallID)
            default:
                switch message.content {
                case .parts(let parts)?:
                    return ChatMessage(
                        role: .user,
                        content: .parts(
                            parts.compactMap { part in
                                switch part {
                                case .imageURL(let url, let detail): .imageURL(url: url, detail: detail)
                                default: part.text.map { .text($0) }
                                }
                            }))
                case .text(let text)?:
                    return ChatMessage(role: .user, content: .text(text))
                case nil:
                    return ChatMessage(role: .user, content: .text(""))
                }
            }
        }
        var extras = self.extras
        if let seed { extras["seed"] = .number(Double(seed)) }
        if let frequencyPenalty { extras["frequency_penalty"] = .number(frequencyPenalty) }
        if let presencePenalty { extras["presence_penalty"] = .number(presencePenalty) }
        if let responseFormat, responseFormat.type == "json_object" {
            if let schema = responseFormat.jsonSchema {
                extras["response_format"] = .object([
                    "type": .string("json_schema"), "json_schema": .object(["name": .string("response"), "schema": schema]),
                ])
            } else {
                extras["response_format"] = .object(["type": .string("json_object")])
            }
        }
        let toolChoice: JSONValue? =
            switch self.toolChoice?.uppercased() {
            case "REQUIRED": .string("required")
            case "NONE": .string("none")
            default: nil
            }
        return ChatCompletionRequest(
            model: model, messages: messages, stream: stream,
            tools: tools?.map {
                Tool(function: .init(name: $0.function.name, description: $0.function.description, parameters: $0.function.parameters))
            },
            toolChoice: toolChoice, temperature: temperature, topP: p, maxTokens: maxTokens, stop: stopSequences, extras: extras)
    }
}
