public import SignalboxCore

extension AnthropicMessagesRequest {
    /// `max_tokens` when the client set neither `max_completion_tokens` nor `max_tokens`
    /// (Anthropic requires one; 4096 fits every current model).
    public static let defaultMaxTokens = 4096

    /// Anthropic's documented top-level fields that the canonical schema does not type: a client
    /// may send them in its Chat Completions body and they go on unchanged.
    // https://docs.anthropic.com/en/api/messages (top_k, thinking, output_config, container, mcp_servers, context_management)
    public static let anthropicExtras: Set<String> = ["top_k", "thinking", "output_config", "container", "mcp_servers", "context_management"]

    /// Builds the Messages request for a canonical one. Throws `GatewayError.invalidRequest` for
    /// what Anthropic cannot express (several choices, log probabilities, audio, schemaless JSON
    /// mode, content parts other than text and images). OpenAI-only tuning fields Anthropic would
    /// reject as unknown (`seed`, `frequency_penalty`, `presence_penalty`, `logit_bias`, `store`,
    /// `metadata`, `stream_options`, `reasoning_effort`, …) are left out.
    // https://docs.anthropic.com/en/api/messages
    public init(canonical request: ChatCompletionRequest) throws(GatewayError) {
        var system: [String] = []
        var turns = TurnBuilder()
        for (index, message) in request.messages.enumerated() {
            let param = "messages[\(index)]"
            switch message.role {
            case .system, .developer:
                // There is no system role in Messages: every system text goes to the top-level `system`.
                system.append(try Self.systemText(of: message.content, param: param + ".content"))
            case .user:
                turns.append(.user, try Self.userContent(message.content, param: param + ".content"))
            case .assistant:
                if let content = try Self.assistantContent(of: message, param: param) {
                    turns.append(.assistant, content)
                }
            case .tool:
                // https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use (tool_result in a user turn)
                guard let toolUseID = message.toolCallID else {
                    throw .invalidRequest("'\(param).tool_call_id' is required for role 'tool'.", param: param + ".tool_call_id")
                }
                let content = try message.content.map { content throws(GatewayError) in
                    try Self.userContent(content, param: param + ".content")
                }
                turns.append(.user, .blocks([.toolResult(toolUseID: toolUseID, content: content, isError: nil)]))
            case .function:
                throw .invalidRequest(
                    "Role 'function' cannot be sent to Anthropic: use 'tool' messages with 'tool_call_id'.", param: param + ".role")
            }
        }

        var extras: [String: JSONValue] = [:]
        for (name, value) in request.extras where Self.anthropicExtras.contains(name) {
            extras[name] = value
        }
        try Self.rejectUnsupported(request.extras)
        if let format = try Self.outputFormat(request.extras["response_format"]) {
            var outputConfig: [String: JSONValue] = [:]
            if case .object(let existing)? = extras["output_config"] { outputConfig = existing }
            outputConfig["format"] = format
            extras["output_config"] = .object(outputConfig)
        }
        // https://docs.anthropic.com/en/api/messages (service_tier: "auto" or "standard_only"; OpenAI's other tiers have no match)
        if case .string(let tier)? = request.extras["service_tier"], tier == "auto" || tier == "standard_only" {
            extras["service_tier"] = .string(tier)
        }

        let tools = try request.tools.map { tools throws(GatewayError) in try Self.tools(tools) }
        var toolChoice = try Self.toolChoice(request.toolChoice)
        if request.extras["parallel_tool_calls"] == .bool(false), !(tools ?? []).isEmpty {
            var choice = toolChoice ?? AnthropicToolChoice(type: "auto")
            if choice.type != "none" { choice.disableParallelToolUse = true }
            toolChoice = choice
        }

        self.init(
            model: request.model, messages: turns.messages,
            maxTokens: request.maxCompletionTokens ?? request.maxTokens ?? Self.defaultMaxTokens,
            system: system.isEmpty ? nil : .text(system.joined(separator: "\n\n")),
            metadata: request.extras["user"]?.stringValue.map { Metadata(userID: $0) },
            stopSequences: (request.stop?.isEmpty ?? true) ? nil : request.stop,
            stream: request.isStreaming ? true : nil, temperature: request.temperature, topP: request.topP, tools: tools,
            toolChoice: toolChoice, extras: extras)
    }

    /// Collects turns, merging consecutive turns of the same role: Anthropic wants user and
    /// assistant to alternate, and tool results of one round are one user turn.
    private struct TurnBuilder {
        var messages: [AnthropicMessage] = []

        mutating func append(_ role: AnthropicMessage.Role, _ content: AnthropicMessageContent) {
            if let last = messages.last, last.role == role {
                messages[messages.count - 1].content = .blocks(last.content.blocks + content.blocks)
            } else {
                messages.append(AnthropicMessage(role: role, content: content))
            }
        }
    }

    private static func systemText(of content: MessageContent?, param: String) throws(GatewayError) -> String {
        guard case .parts(let parts)? = content else { return content?.plainText ?? "" }
        for (index, part) in parts.enumerated() {
            if case .text = part { continue }
            throw .invalidRequest("Anthropic accepts only text in system prompts.", param: "\(param)[\(index)]")
        }
        return content?.plainText ?? ""
    }

    /// User (and tool result) content: text stays a string; parts become text and image blocks.
    private static func userContent(_ content: MessageContent?, param: String) throws(GatewayError) -> AnthropicMessageContent {
        switch content {
        case .none: return .text("")
        case .text(let text)?: return .text(text)
        case .parts(let parts)?:
            var blocks: [AnthropicContentBlock] = []
            for (index, part) in parts.enumerated() {
                blocks.append(try block(for: part, param: "\(param)[\(index)]"))
            }
            return .blocks(blocks)
        }
    }

    private static func block(for part: ContentPart, param: String) throws(GatewayError) -> AnthropicContentBlock {
        switch part {
        case .text(let text):
            return .text(text)
        case .imageURL(let url, _):
            return .image(try imageSource(url, param: param + ".image_url.url"))
        case .other(let type, let fields) where type == "document" || type == "search_result":
            // Anthropic's own block types, sent by a client that knows it talks to Anthropic.
            return .other(type: type, fields: fields)
        case .other(let type, _):
            throw .invalidRequest("Content parts of type '\(type)' cannot be sent to Anthropic (text and images only).", param: param)
        }
    }

    /// `data:` URLs become base64 sources, http(s) URLs URL sources.
    // https://docs.anthropic.com/en/docs/build-with-claude/vision (base64 and URL image sources)
    private static func imageSource(_ url: String, param: String) throws(GatewayError) -> AnthropicImageSource {
        if url.hasPrefix("http://") || url.hasPrefix("https://") { return .url(url) }
        guard url.hasPrefix("data:"), let comma = url.firstIndex(of: ",") else {
            throw .invalidRequest("Image URLs must be http(s) URLs or base64 data: URLs.", param: param)
        }
        let header = url[url.index(url.startIndex, offsetBy: 5)..<comma].split(separator: ";")
        guard let mediaType = header.first, header.dropFirst().contains("base64") else {
            throw .invalidRequest("Image data: URLs must be base64-encoded ('data:image/png;base64,…').", param: param)
        }
        return .base64(mediaType: String(mediaType), data: String(url[url.index(after: comma)...]))
    }

    /// The text (empty texts left out: Anthropic rejects empty text blocks) and the tool calls as
    /// `tool_use` blocks; nil when the message has neither.
    private static func assistantContent(of message: ChatMessage, param: String) throws(GatewayError) -> AnthropicMessageContent? {
        let calls = message.toolCalls ?? []
        var blocks: [AnthropicContentBlock] = []
        switch message.content {
        case .text(let text)? where calls.isEmpty:
            return .text(text)
        case .text(let text)?:
            if !text.isEmpty { blocks.append(.text(text)) }
        case .parts(let parts)?:
            for (index, part) in parts.enumerated() {
                switch part {
                case .text(let text):
                    if !text.isEmpty { blocks.append(.text(text)) }
                case .other("refusal", let fields):
                    if let refusal = fields["refusal"]?.stringValue, !refusal.isEmpty { blocks.append(.text(refusal)) }
                case .imageURL, .other:
                    throw .invalidRequest("Anthropic accepts only text and tool calls in assistant turns.", param: "\(param).content[\(index)]")
                }
            }
        case .none:
            break
        }
        for (index, call) in calls.enumerated() {
            guard let input = AnthropicToolArguments.object(from: call.function.arguments) else {
                throw .invalidRequest(
                    "Tool call arguments must be a JSON object to be sent to Anthropic.", param: "\(param).tool_calls[\(index)].function.arguments")
            }
            blocks.append(.toolUse(id: call.id, name: call.function.name, input: input))
        }
        return blocks.isEmpty ? nil : .blocks(blocks)
    }

    // https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use (name, description, input_schema)
    private static func tools(_ tools: [Tool]) throws(GatewayError) -> [AnthropicTool] {
        var result: [AnthropicTool] = []
        for (index, tool) in tools.enumerated() {
            guard tool.type == "function" else {
                throw .invalidRequest("Only tools of type 'function' can be sent to Anthropic.", param: "tools[\(index)].type")
            }
            // `strict` is Anthropic's too (structured outputs); sent only when asked for, as older models reject it.
            // https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs
            let extras: [String: JSONValue] = tool.function.strict == true ? ["strict": .bool(true)] : [:]
            result.append(
                AnthropicTool(
                    name: tool.function.name, description: tool.function.description,
                    inputSchema: tool.function.parameters ?? .object(["type": .string("object"), "properties": .object([:])]), extras: extras))
        }
        return result
    }

    /// "auto" → auto, "required" → any, "none" → none, a named function → tool.
    // https://docs.anthropic.com/en/docs/agents-and-tools/tool-use/implement-tool-use (forcing tool use)
    private static func toolChoice(_ choice: JSONValue?) throws(GatewayError) -> AnthropicToolChoice? {
        switch choice {
        case .none, .null?: return nil
        case .string("auto")?: return AnthropicToolChoice(type: "auto")
        case .string("required")?: return AnthropicToolChoice(type: "any")
        case .string("none")?: return AnthropicToolChoice(type: "none")
        case .some(let value):
            if value["type"]?.stringValue == "function", let name = value["function"]?["name"]?.stringValue {
                return AnthropicToolChoice(type: "tool", name: name)
            }
            throw .invalidRequest(
                "'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}.",
                param: "tool_choice")
        }
    }

    /// `response_format` → `output_config.format`. Anthropic's JSON outputs always follow a
    /// schema; there is no schemaless JSON mode to map `json_object` to.
    // https://docs.anthropic.com/en/docs/build-with-claude/structured-outputs (output_config.format)
    private static func outputFormat(_ responseFormat: JSONValue?) throws(GatewayError) -> JSONValue? {
        guard let responseFormat, responseFormat != .null else { return nil }
        switch responseFormat["type"]?.stringValue {
        case "text":
            return nil
        case "json_schema":
            guard let schema = responseFormat["json_schema"]?["schema"] else {
                throw .invalidRequest("'response_format.json_schema.schema' is required.", param: "response_format.json_schema.schema")
            }
            return .object(["type": .string("json_schema"), "schema": schema])
        case "json_object":
            throw .invalidRequest(
                "Anthropic has no schemaless JSON mode: use response_format "
                    + "{\"type\":\"json_schema\",\"json_schema\":{\"name\":…,\"schema\":…}} instead of json_object.",
                param: "response_format")
        default:
            throw .invalidRequest("'response_format.type' must be \"text\", \"json_schema\" or \"json_object\".", param: "response_format.type")
        }
    }

    /// Parameters whose answer Anthropic cannot give; dropping them would change the answer's shape.
    private static func rejectUnsupported(_ extras: [String: JSONValue]) throws(GatewayError) {
        if let n = extras["n"], n != .null, n != .number(1) {
            throw .invalidRequest("Anthropic returns one choice per request: 'n' must be 1.", param: "n")
        }
        if extras["logprobs"] == .bool(true) || (extras["top_logprobs"].map { $0 != .null && $0 != .number(0) } ?? false) {
            throw .invalidRequest("Anthropic does not return log probabilities.", param: "logprobs")
        }
        if let audio = extras["audio"], audio != .null {
            throw .invalidRequest("Anthropic does not produce audio.", param: "audio")
        }
    }
}
