import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/create
extension ResponsesInbound {
    /// Request fields Chat Completions understands the same way; passed on as they are.
    private static let passedThrough: [String] = ["service_tier", "prompt_cache_key", "safety_identifier"]

    /// Everything but the messages.
    static func canonicalRequest(from wire: ResponsesWire.CreateRequest, messages: [ChatMessage]) throws(GatewayError)
        -> ChatCompletionRequest
    {
        if case .bool(true) = wire.extras["background"] {
            throw .invalidRequest("Background responses are not supported by this gateway: omit 'background'.", param: "background")
        }
        if let conversation = wire.extras["conversation"], conversation != .null {
            throw .invalidRequest(
                "Conversations are not supported by this gateway: use 'previous_response_id' to continue a response.",
                param: "conversation")
        }
        if let prompt = wire.extras["prompt"], prompt != .null {
            throw .invalidRequest("Stored prompt templates are not supported by this gateway: send 'input'.", param: "prompt")
        }
        var request = ChatCompletionRequest(
            model: wire.model, messages: messages, temperature: wire.temperature, topP: wire.topP,
            maxCompletionTokens: wire.maxOutputTokens)
        if wire.stream == true {
            request.stream = true
            // The final response.completed event carries usage; ask every provider for it.
            request.streamOptions = .init(includeUsage: true)
        }
        if let tools = wire.tools, !tools.isEmpty {
            request.tools = try canonicalTools(tools)
        }
        if let choice = wire.toolChoice {
            request.toolChoice = try canonicalToolChoice(choice)
        }
        if let parallel = wire.parallelToolCalls {
            request.extras["parallel_tool_calls"] = .bool(parallel)
        }
        if let text = wire.text {
            if let format = text["format"], let responseFormat = try canonicalResponseFormat(format) {
                request.extras["response_format"] = responseFormat
            }
            if let verbosity = text["verbosity"], verbosity != .null {
                request.extras["verbosity"] = verbosity
            }
        }
        if let effort = wire.reasoning?["effort"], effort != .null {
            request.extras["reasoning_effort"] = effort
        }
        if let user = wire.user {
            request.extras["user"] = .string(user)
        }
        for name in passedThrough {
            if let value = wire.extras[name] { request.extras[name] = value }
        }
        return request
    }

    /// `input` as canonical messages. Consecutive function calls (and the assistant message
    /// before them) become one assistant message, as Chat Completions expects parallel calls.
    static func messages(from wire: ResponsesWire.CreateRequest) throws(GatewayError) -> [ChatMessage] {
        switch wire.input {
        case nil:
            guard wire.previousResponseID != nil else {
                throw .invalidRequest("Missing required parameter: 'input'.", param: "input")
            }
            return []
        case .text(let text):
            return [ChatMessage(role: .user, content: .text(text))]
        case .items(let items):
            var messages: [ChatMessage] = []
            for (index, item) in items.enumerated() {
                let path = "input[\(index)]"
                switch item {
                case .message(let role, let content):
                    messages.append(try message(role: role, content: content, path: path))
                case .functionCall(let callID, let name, let arguments, _):
                    let call = ToolCall(id: callID, function: .init(name: name, arguments: arguments))
                    if let last = messages.indices.last, messages[last].role == .assistant {
                        messages[last].toolCalls = (messages[last].toolCalls ?? []) + [call]
                    } else {
                        messages.append(ChatMessage(role: .assistant, content: nil, toolCalls: [call]))
                    }
                case .functionCallOutput(let callID, let output):
                    messages.append(ChatMessage(role: .tool, content: .text(try toolOutput(output, path: path + ".output")), toolCallID: callID))
                case .reasoning:
                    // Reasoning items are one provider's opaque state; other models cannot use them.
                    continue
                case .other(let type, _):
                    if type == "item_reference" {
                        throw .invalidRequest(
                            "Item references are not supported by this gateway: send the items themselves or use 'previous_response_id'.",
                            param: path)
                    }
                    throw .invalidRequest(
                        "Input items of type '\(type)' are not supported by this gateway (use message, function_call or function_call_output).",
                        param: path + ".type")
                }
            }
            return messages
        }
    }

    private static func message(role: String, content: ResponsesWire.InputItem.MessageContent, path: String) throws(GatewayError)
        -> ChatMessage
    {
        let canonicalRole: ChatMessage.Role
        switch role {
        case "user": canonicalRole = .user
        case "assistant": canonicalRole = .assistant
        case "system": canonicalRole = .system
        case "developer": canonicalRole = .developer
        default:
            throw .invalidRequest(
                "Invalid value for '\(path).role': '\(role)' is not one of user, assistant, system, developer.", param: path + ".role")
        }
        switch content {
        case .text(let text):
            return ChatMessage(role: canonicalRole, content: .text(text))
        case .parts(let parts):
            if canonicalRole == .assistant {
                // Chat Completions takes assistant content as text; a refusal is its own field.
                var texts: [String] = []
                var refusal: String?
                for part in parts {
                    switch part {
                    case .outputText(let text), .inputText(let text): texts.append(text)
                    case .refusal(let text): refusal = text
                    default: continue
                    }
                }
                var message = ChatMessage(role: .assistant, content: texts.isEmpty ? nil : .text(texts.joined()))
                if let refusal { message.extras["refusal"] = .string(refusal) }
                return message
            }
            var canonicalParts: [ContentPart] = []
            for (index, part) in parts.enumerated() {
                canonicalParts.append(try contentPart(part, path: "\(path).content[\(index)]"))
            }
            return ChatMessage(role: canonicalRole, content: .parts(canonicalParts))
        }
    }

    private static func contentPart(_ part: ResponsesWire.InputPart, path: String) throws(GatewayError) -> ContentPart {
        switch part {
        case .inputText(let text), .outputText(let text), .refusal(let text):
            return .text(text)
        case .inputImage(let imageURL, let fileID, let detail):
            guard let imageURL else {
                throw .invalidRequest(
                    fileID == nil
                        ? "Missing required parameter: '\(path).image_url'."
                        : "Uploaded files ('file_id') are not supported by this gateway: send the image as 'image_url' (https or data URL).",
                    param: fileID == nil ? path + ".image_url" : path + ".file_id")
            }
            return .imageURL(url: imageURL, detail: detail)
        case .inputFile(let fields):
            if fields["file_url"] != nil {
                throw .invalidRequest(
                    "File URLs are not supported by this gateway: send the file as 'file_data' (a data URL).", param: path + ".file_url")
            }
            // Chat Completions' `file` part carries the same three fields.
            var file: [String: JSONValue] = [:]
            for name in ["file_data", "file_id", "filename"] {
                if let value = fields[name] { file[name] = value }
            }
            return .other(type: "file", fields: ["file": .object(file)])
        case .other(let type, _):
            throw .invalidRequest("Content parts of type '\(type)' are not supported by this gateway.", param: path + ".type")
        }
    }

    private static func toolOutput(_ output: ResponsesWire.InputItem.MessageContent, path: String) throws(GatewayError) -> String {
        switch output {
        case .text(let text):
            return text
        case .parts(let parts):
            var texts: [String] = []
            for (index, part) in parts.enumerated() {
                switch part {
                case .inputText(let text), .outputText(let text): texts.append(text)
                default:
                    // Chat Completions' tool messages carry text only.
                    throw .invalidRequest(
                        "Function call outputs can only be text on this gateway.", param: "\(path)[\(index)]")
                }
            }
            return texts.joined(separator: "\n")
        }
    }

    private static func canonicalTools(_ tools: [ResponsesWire.Tool]) throws(GatewayError) -> [Tool] {
        var result: [Tool] = []
        for (index, tool) in tools.enumerated() {
            guard tool.type == "function", let name = tool.name else {
                throw .invalidRequest(
                    "Built-in tools ('\(tool.type)') cannot be routed by this gateway: only 'function' tools are supported.",
                    param: "tools[\(index)].type")
            }
            result.append(
                Tool(function: .init(name: name, description: tool.description, parameters: tool.parameters, strict: tool.strict)))
        }
        return result
    }

    /// `"auto"`/`"none"`/`"required"` as they are; `{type: function, name}` in Chat Completions'
    /// nested shape; `allowed_tools` likewise.
    private static func canonicalToolChoice(_ choice: JSONValue) throws(GatewayError) -> JSONValue {
        switch choice {
        case .string(let mode) where ["auto", "none", "required"].contains(mode):
            return choice
        case .object(let object):
            switch object["type"]?.stringValue {
            case "function":
                guard let name = object["name"]?.stringValue else {
                    throw .invalidRequest("Missing required parameter: 'tool_choice.name'.", param: "tool_choice.name")
                }
                return .object(["type": .string("function"), "function": .object(["name": .string(name)])])
            case "allowed_tools":
                guard case .array(let tools) = object["tools"] ?? .null else {
                    throw .invalidRequest("Missing required parameter: 'tool_choice.tools'.", param: "tool_choice.tools")
                }
                let nested: [JSONValue] = tools.map { tool in
                    guard let name = tool["name"]?.stringValue else { return tool }
                    return .object(["type": .string("function"), "function": .object(["name": .string(name)])])
                }
                return .object([
                    "type": .string("allowed_tools"),
                    "allowed_tools": .object(["mode": object["mode"] ?? .string("auto"), "tools": .array(nested)]),
                ])
            default:
                break
            }
        default:
            break
        }
        throw .invalidRequest(
            "Invalid value for 'tool_choice': use auto, none, required, {\"type\":\"function\",\"name\":…} or allowed_tools.",
            param: "tool_choice")
    }

    /// `text.format` as Chat Completions' `response_format`; nil for plain text.
    private static func canonicalResponseFormat(_ format: JSONValue) throws(GatewayError) -> JSONValue? {
        if format == .null { return nil }
        switch format["type"]?.stringValue {
        case "text":
            return nil
        case "json_object":
            return .object(["type": .string("json_object")])
        case "json_schema":
            guard let name = format["name"]?.stringValue else {
                throw .invalidRequest("Missing required parameter: 'text.format.name'.", param: "text.format.name")
            }
            guard let schema = format["schema"] else {
                throw .invalidRequest("Missing required parameter: 'text.format.schema'.", param: "text.format.schema")
            }
            var jsonSchema: [String: JSONValue] = ["name": .string(name), "schema": schema]
            if let description = format["description"] { jsonSchema["description"] = description }
            if let strict = format["strict"] { jsonSchema["strict"] = strict }
            return .object(["type": .string("json_schema"), "json_schema": .object(jsonSchema)])
        default:
            throw .invalidRequest(
                "Invalid value for 'text.format.type': use text, json_object or json_schema.", param: "text.format.type")
        }
    }
}
