import Foundation
public import SignalboxCore

/// Converse request → canonical request: the inverse of `BedrockAdapter.converseRequest`, for
/// the mock provider's Bedrock dialect (its reply logic works on canonical requests).
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
extension BedrockConverseRequest {
    public func canonicalChat(model: String, stream: Bool) throws -> ChatCompletionRequest {
        var messages: [ChatMessage] = []
        let systemText = (system ?? []).compactMap { block -> String? in
            if case .text(let text) = block { return text }
            return nil
        }
        if !systemText.isEmpty {
            messages.append(ChatMessage(role: .system, content: .text(systemText.joined(separator: "\n"))))
        }
        for (index, message) in self.messages.enumerated() {
            var parts: [ContentPart] = []
            var calls: [ToolCall] = []
            for block in message.content {
                switch block {
                case .text(let text):
                    parts.append(.text(text))
                case .image(let image):
                    parts.append(.imageURL(url: "data:image/\(image.format);base64,\(image.source.bytes)", detail: nil))
                case .toolUse(let use):
                    calls.append(ToolCall(id: use.toolUseId, function: .init(name: use.name, arguments: BedrockAdapter.jsonString(use.input))))
                case .toolResult(let result):
                    let text = result.content.map { item -> String in
                        switch item {
                        case .json(let value): BedrockAdapter.jsonString(value)
                        case .text(let text): text
                        case .other(_, let value): BedrockAdapter.jsonString(value)
                        }
                    }.joined(separator: "\n")
                    messages.append(ChatMessage(role: .tool, content: .text(text), toolCallID: result.toolUseId))
                case .other:
                    break
                }
            }
            let role: ChatMessage.Role
            switch message.role {
            case "user": role = .user
            case "assistant": role = .assistant
            default:
                throw GatewayError.invalidRequest(
                    "messages[\(index)].role must be 'user' or 'assistant', not '\(message.role)'.", param: "messages[\(index)].role")
            }
            guard !parts.isEmpty || !calls.isEmpty else { continue }
            let content: MessageContent?
            if parts.isEmpty {
                content = nil
            } else if parts.allSatisfy({ if case .text = $0 { true } else { false } }) {
                content = .text(parts.map { if case .text(let text) = $0 { text } else { "" } }.joined())
            } else {
                content = .parts(parts)
            }
            messages.append(ChatMessage(role: role, content: content, toolCalls: calls.isEmpty ? nil : calls))
        }

        var request = ChatCompletionRequest(model: model, messages: messages, stream: stream)
        request.maxTokens = inferenceConfig?.maxTokens
        request.temperature = inferenceConfig?.temperature
        request.topP = inferenceConfig?.topP
        request.stop = inferenceConfig?.stopSequences
        if let toolConfig {
            request.tools = toolConfig.tools.compactMap { tool in
                tool.toolSpec.map {
                    Tool(function: .init(name: $0.name, description: $0.description, parameters: $0.inputSchema.json))
                }
            }
            if let choice = toolConfig.toolChoice {
                if choice["any"] != nil {
                    request.toolChoice = .string("required")
                } else if let name = choice["tool"]?["name"]?.stringValue {
                    request.toolChoice = .object(["type": .string("function"), "function": .object(["name": .string(name)])])
                } else {
                    request.toolChoice = .string("auto")
                }
            }
        }
        // Converse streams always end with a metadata event carrying usage.
        if stream { request.streamOptions = .init(includeUsage: true) }
        return request
    }
}
