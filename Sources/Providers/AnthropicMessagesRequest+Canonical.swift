public import SignalboxCore

extension AnthropicMessagesRequest {
    /// The canonical (Chat Completions) request for this Messages request, for clients that speak
    /// Anthropic's API to the gateway and for the mock's Anthropic flavor.
    ///
    /// - `system` becomes the first message (role `system`);
    /// - a user turn's `tool_result` blocks become `tool` messages (in order, before the rest of
    ///   the turn); its text and image blocks the user message (images as `image_url`, base64 as
    ///   `data:` URLs); other blocks (`document`, …) stay as they are, `thinking` blocks are left out;
    /// - an assistant turn's text blocks are joined as the content, `tool_use` blocks become
    ///   `tool_calls` (arguments: the input as compact JSON);
    /// - `tools` → function tools, `tool_choice` → "auto"/"required"/"none"/named function
    ///   (`disable_parallel_tool_use` → `parallel_tool_calls: false`), `stop_sequences` → `stop`,
    ///   `metadata.user_id` → `user`, `output_config.format` → `response_format`;
    /// - a streamed request asks for usage (`stream_options.include_usage`), which Anthropic always sends;
    /// - other fields (`top_k`, `thinking`, …) stay in `extras` under their own names.
    ///
    /// `tool_result.is_error` has no canonical field and is left out. Throws
    /// `GatewayError.invalidRequest` for what the canonical schema cannot express (server tools,
    /// `tool_use` blocks in a user turn, non-text system blocks).
    // https://docs.anthropic.com/en/api/messages
    public func canonical() throws(GatewayError) -> ChatCompletionRequest {
        var messages: [ChatMessage] = []
        if let system {
            messages.append(ChatMessage(role: .system, content: try Self.systemContent(system)))
        }
        for (index, message) in self.messages.enumerated() {
            let param = "messages[\(index)]"
            switch message.role {
            case .user: messages += try Self.userMessages(message.content, param: param)
            case .assistant: messages.append(Self.assistantMessage(message.content))
            }
        }

        var extras = self.extras
        if let userID = metadata?.userID { extras["user"] = .string(userID) }
        if toolChoice?.disableParallelToolUse == true { extras["parallel_tool_calls"] = .bool(false) }
        if case .object(var outputConfig)? = extras["output_config"], let format = outputConfig.removeValue(forKey: "format") {
            if format["type"]?.stringValue == "json_schema", let schema = format["schema"] {
                extras["response_format"] = .object([
                    "type": .string("json_schema"), "json_schema": .object(["name": .string("output"), "schema": schema]),
                ])
            }
            extras["output_config"] = outputConfig.isEmpty ? nil : .object(outputConfig)
        }

        return ChatCompletionRequest(
            model: model, messages: messages, stream: stream, streamOptions: stream == true ? .init(includeUsage: true) : nil,
            tools: try tools.map { tools throws(GatewayError) in try Self.canonicalTools(tools) }, toolChoice: Self.canonicalToolChoice(toolChoice),
            temperature: temperature, topP: topP, maxTokens: maxTokens, stop: stopSequences, extras: extras)
    }

    private static func systemContent(_ system: AnthropicMessageContent) throws(GatewayError) -> MessageContent {
        switch system {
        case .text(let text): return .text(text)
        case .blocks(let blocks):
            var parts: [ContentPart] = []
            for (index, block) in blocks.enumerated() {
                guard case .text(let text) = block else {
                    throw .invalidRequest("System prompt blocks must be text blocks.", param: "system[\(index)]")
                }
                parts.append(.text(text))
            }
            return .parts(parts)
        }
    }

    private static func userMessages(_ content: AnthropicMessageContent, param: String) throws(GatewayError) -> [ChatMessage] {
        guard case .blocks(let blocks) = content else {
            return [ChatMessage(role: .user, content: .text(content.joinedText()))]
        }
        var messages: [ChatMessage] = []
        var parts: [ContentPart] = []
        for (index, block) in blocks.enumerated() {
            switch block {
            case .toolResult(let toolUseID, let result, _):
                messages.append(ChatMessage(role: .tool, content: result.map(toolResultContent) ?? .text(""), toolCallID: toolUseID))
            case .toolUse:
                throw .invalidRequest("'tool_use' blocks belong in assistant turns.", param: "\(param).content[\(index)]")
            case .other(let type, _) where type == "thinking" || type == "redacted_thinking":
                continue
            default:
                parts.append(part(for: block))
            }
        }
        if !parts.isEmpty {
            messages.append(ChatMessage(role: .user, content: .parts(parts)))
        }
        return messages
    }

    private static func part(for block: AnthropicContentBlock) -> ContentPart {
        switch block {
        case .text(let text): .text(text)
        case .image(.base64(let mediaType, let data)): .imageURL(url: "data:\(mediaType);base64,\(data)", detail: nil)
        case .image(.url(let url)): .imageURL(url: url, detail: nil)
        case .image(.other(let type, let fields)): .other(type: "image", fields: ["source": .object(fields.merging(["type": .string(type)]) { $1 })])
        case .other(let type, let fields): .other(type: type, fields: fields)
        // Handled by the caller.
        case .toolUse, .toolResult: .text("")
        }
    }

    /// A tool result's content: a string stays a string, blocks become parts.
    private static func toolResultContent(_ content: AnthropicMessageContent) -> MessageContent {
        switch content {
        case .text(let text): .text(text)
        case .blocks(let blocks): .parts(blocks.map(part(for:)))
        }
    }

    private static func assistantMessage(_ content: AnthropicMessageContent) -> ChatMessage {
        var text = ""
        var calls: [ToolCall] = []
        for block in content.blocks {
            switch block {
            case .text(let piece): text += piece
            case .toolUse(let id, let name, let input):
                calls.append(ToolCall(id: id, function: .init(name: name, arguments: AnthropicToolArguments.string(from: input))))
            case .image, .toolResult, .other: continue
            }
        }
        return ChatMessage(role: .assistant, content: text.isEmpty && !calls.isEmpty ? nil : .text(text), toolCalls: calls.isEmpty ? nil : calls)
    }

    private static func canonicalTools(_ tools: [AnthropicTool]) throws(GatewayError) -> [Tool] {
        var result: [Tool] = []
        for (index, tool) in tools.enumerated() {
            // Server tools (`web_search_20250305`, …) carry a type and run at Anthropic; only client tools are functions.
            if let type = tool.extras["type"]?.stringValue, type != "custom" {
                throw .invalidRequest("Anthropic server tool '\(type)' has no Chat Completions equivalent.", param: "tools[\(index)].type")
            }
            let strict: Bool? = if case .bool(let value)? = tool.extras["strict"] { value } else { nil }
            result.append(Tool(function: .init(name: tool.name, description: tool.description, parameters: tool.inputSchema, strict: strict)))
        }
        return result
    }

    private static func canonicalToolChoice(_ choice: AnthropicToolChoice?) -> JSONValue? {
        switch choice?.type {
        case "auto"?: .string("auto")
        case "any"?: .string("required")
        case "none"?: .string("none")
        case "tool"?:
            .object(["type": .string("function"), "function": .object(["name": .string(choice?.name ?? "")])])
        default: nil
        }
    }
}
