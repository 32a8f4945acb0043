import Foundation
public import SignalboxCore

/// Canonical (OpenAI Chat Completions) request → Converse request.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
extension BedrockAdapter {
    public static func converseRequest(from request: ChatCompletionRequest) throws -> BedrockConverseRequest {
        if case .number(let n)? = request.extras["n"], n > 1 {
            throw GatewayError.invalidRequest("Bedrock's Converse API returns one choice per request: 'n' must be 1.", param: "n")
        }
        var system: [BedrockContentBlock] = []
        var messages: [BedrockMessage] = []
        var usesToolBlocks = false

        /// Appends blocks to the conversation, merging consecutive messages of one role
        /// (Converse requires user and assistant turns to alternate).
        func append(_ role: String, _ blocks: [BedrockContentBlock]) {
            guard !blocks.isEmpty else { return }
            if messages.last?.role == role {
                messages[messages.count - 1].content += blocks
            } else {
                messages.append(BedrockMessage(role: role, content: blocks))
            }
        }

        for (index, message) in request.messages.enumerated() {
            let param = "messages[\(index)]"
            switch message.role {
            case .system, .developer:
                // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_SystemContentBlock.html
                for block in try contentBlocks(message.content, param: param, allowImages: false) where block != .text("") {
                    system.append(block)
                }
            case .user:
                append("user", try contentBlocks(message.content, param: param, allowImages: true))
            case .assistant:
                // Blank text blocks are rejected by Converse; an assistant turn that only calls tools has none.
                var blocks = try contentBlocks(message.content, param: param, allowImages: false).filter { $0 != .text("") }
                for (callIndex, call) in (message.toolCalls ?? []).enumerated() {
                    blocks.append(
                        .toolUse(
                            BedrockToolUseBlock(
                                toolUseId: call.id, name: call.function.name,
                                input: try toolInput(call.function.arguments, param: "\(param).tool_calls[\(callIndex)].function.arguments"))))
                    usesToolBlocks = true
                }
                append("assistant", blocks)
            case .tool:
                guard let id = message.toolCallID, !id.isEmpty else {
                    throw GatewayError.invalidRequest("A tool message needs 'tool_call_id'.", param: "\(param).tool_call_id")
                }
                // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolResultBlock.html
                append("user", [.toolResult(BedrockToolResultBlock(toolUseId: id, content: [toolResultContent(message.content)]))])
                usesToolBlocks = true
            case .function:
                throw GatewayError.invalidRequest(
                    "The deprecated 'function' role cannot be sent to Bedrock: use 'tool' messages with 'tool_call_id'.", param: "\(param).role")
            }
        }

        var converse = BedrockConverseRequest(messages: messages)
        converse.system = system.isEmpty ? nil : system
        let inference = BedrockInferenceConfig(
            maxTokens: request.maxCompletionTokens ?? request.maxTokens, temperature: request.temperature, topP: request.topP,
            stopSequences: request.stop)
        converse.inferenceConfig = inference.isEmpty ? nil : inference
        converse.toolConfig = try toolConfig(request, conversationUsesTools: usesToolBlocks)
        // Only Converse's own top-level fields pass through; OpenAI-only fields (`user`, `seed`,
        // `response_format`, …) have no Converse meaning and would be rejected by the model
        // if forwarded inside `additionalModelRequestFields`.
        converse.extras = request.extras.filter { BedrockConverseRequest.passthroughFields.contains($0.key) }
        return converse
    }

    /// Text and image parts → content blocks. Images must be inline (`data:` URLs): Converse
    /// takes bytes, or S3 locations, never HTTP URLs.
    /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ImageBlock.html
    static func contentBlocks(_ content: MessageContent?, param: String, allowImages: Bool) throws -> [BedrockContentBlock] {
        switch content {
        case .none: return []
        case .text(let text): return [.text(text)]
        case .parts(let parts):
            return try parts.enumerated().map { partIndex, part in
                let partParam = "\(param).content[\(partIndex)]"
                switch part {
                case .text(let text):
                    return .text(text)
                case .imageURL(let url, _):
                    guard allowImages else {
                        throw GatewayError.invalidRequest("Bedrock accepts images only in user messages (\(partParam)).", param: partParam)
                    }
                    return .image(try imageBlock(url, param: partParam))
                case .other(let type, _):
                    throw GatewayError.invalidRequest(
                        "Content part type '\(type)' cannot be sent to Bedrock's Converse API (\(partParam)).", param: partParam)
                }
            }
        }
    }

    static func imageBlock(_ url: String, param: String) throws -> BedrockImageBlock {
        guard url.hasPrefix("data:") else {
            throw GatewayError.invalidRequest(
                "Bedrock's Converse API does not fetch image URLs: send \(param) inline as a data: URL (data:image/png;base64,…).",
                param: param)
        }
        guard let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") else {
            throw GatewayError.invalidRequest("The image in \(param) must be a base64 data: URL.", param: param)
        }
        let mediaType = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(7).lowercased()
        let format: String
        switch mediaType {
        case "image/png": format = "png"
        case "image/jpeg", "image/jpg": format = "jpeg"
        case "image/gif": format = "gif"
        case "image/webp": format = "webp"
        default:
            throw GatewayError.invalidRequest(
                "Bedrock accepts png, jpeg, gif and webp images; \(param) is '\(mediaType)'.", param: param)
        }
        return BedrockImageBlock(format: format, base64: String(url[url.index(after: comma)...]))
    }

    /// OpenAI's JSON-encoded arguments → the JSON document Converse wants (an object).
    static func toolInput(_ arguments: String, param: String) throws -> JSONValue {
        let trimmed = arguments.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty { return .object([:]) }
        guard let value = try? SharedJSONCoders.decoder.decode(JSONValue.self, from: Data(trimmed.utf8)), case .object = value else {
            throw GatewayError.invalidRequest("Tool call arguments must be a JSON object to send them to Bedrock (\(param)).", param: param)
        }
        return value
    }

    /// A tool message's content: a JSON object goes as `json`, anything else as `text`.
    static func toolResultContent(_ content: MessageContent?) -> BedrockToolResultBlock.Content {
        let text = content?.plainText ?? ""
        if let value = try? SharedJSONCoders.decoder.decode(JSONValue.self, from: Data(text.utf8)), case .object = value {
            return .json(value)
        }
        return .text(text)
    }

    /// `tools` + `tool_choice` → `toolConfig`.
    /// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ToolConfiguration.html
    static func toolConfig(_ request: ChatCompletionRequest, conversationUsesTools: Bool) throws -> BedrockToolConfig? {
        guard let tools = request.tools, !tools.isEmpty else { return nil }
        var choice: JSONValue?
        switch request.toolChoice {
        case .none, .some(.null), .some(.string("auto")):
            // Auto is Converse's default; leaving it out keeps models without tool_choice support working.
            choice = nil
        case .some(.string("none")):
            // Converse has no "none": leave the tools out, unless earlier turns hold toolUse /
            // toolResult blocks, which Converse refuses without a toolConfig.
            guard conversationUsesTools else { return nil }
            choice = nil
        case .some(.string("required")):
            choice = .object(["any": .object([:])])
        case .some(let value):
            guard let name = value["function"]?["name"]?.stringValue else {
                throw GatewayError.invalidRequest(
                    "'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}.",
                    param: "tool_choice")
            }
            choice = .object(["tool": .object(["name": .string(name)])])
        }
        let specs = tools.map { tool in
            BedrockToolConfig.Tool(
                toolSpec: .init(
                    name: tool.function.name, description: tool.function.description,
                    inputSchema: .init(json: tool.function.parameters ?? .object(["type": .string("object"), "properties": .object([:])]))))
        }
        return BedrockToolConfig(tools: specs, toolChoice: choice)
    }
}
