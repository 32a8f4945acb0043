import Foundation
public import SignalboxCore

// Canonical (OpenAI Chat Completions) request → Gemini `GenerateContentRequest`.
// https://ai.google.dev/api/generate-content#request-body
extension GeminiGenerateContentRequest {
    /// The documented placeholder signature for function calls whose real signature Signalbox does
    /// not have (the canonical schema has no place to keep it). Gemini 3 models reject a replayed
    /// `functionCall` part without any signature; older models ignore the field.
    /// https://ai.google.dev/gemini-api/docs/thought-signatures (FAQ: "skip_thought_signature_validator")
    public static let placeholderThoughtSignature = "skip_thought_signature_validator"

    /// Translates a canonical chat request. Throws `GatewayError.invalidRequest` for what Gemini
    /// cannot express (non-function tools, audio formats it does not know, a tool result whose
    /// call cannot be found, …).
    public init(canonical request: ChatCompletionRequest) throws {
        var system: [GeminiPart] = []
        var contents: [GeminiContent] = []
        // tool_call_id → function name: Gemini's functionResponse names the function, not the call.
        var callNames: [String: String] = [:]

        func append(_ role: String, _ parts: [GeminiPart]) {
            guard !parts.isEmpty else { return }
            // https://ai.google.dev/gemini-api/docs/function-calling: parallel results go back in one
            // turn, and turns alternate; consecutive messages of one role become one content.
            if contents.last?.role == role {
                contents[contents.count - 1].parts += parts
            } else {
                contents.append(GeminiContent(role: role, parts: parts))
            }
        }

        for (index, message) in request.messages.enumerated() {
            let param = "messages[\(index)]"
            switch message.role {
            case .system, .developer:
                // https://ai.google.dev/gemini-api/docs/text-generation#system-instructions
                if let text = message.content?.plainText, !text.isEmpty { system.append(.text(text)) }
            case .user:
                append("user", try Self.parts(of: message.content, param: param + ".content"))
            case .assistant:
                var parts: [GeminiPart] = []
                if let text = message.content?.plainText, !text.isEmpty { parts.append(.text(text)) }
                for (callIndex, call) in (message.toolCalls ?? []).enumerated() {
                    callNames[call.id] = call.function.name
                    let args = try Self.arguments(call.function.arguments, param: "\(param).tool_calls[\(callIndex)].function.arguments")
                    parts.append(
                        GeminiPart(
                            functionCall: .init(name: call.function.name, args: args),
                            thoughtSignature: callIndex == 0 ? Self.placeholderThoughtSignature : nil))
                }
                append("model", parts)
            case .tool, .function:
                let name = message.toolCallID.flatMap { callNames[$0] } ?? message.name
                guard let name else {
                    throw GatewayError.invalidRequest(
                        "'\(param).tool_call_id' does not match a tool call of an earlier assistant message; Gemini needs the function's name.",
                        param: param + ".tool_call_id")
                }
                let result = Self.functionResult(message.content?.plainText ?? "")
                append("user", [GeminiPart(functionResponse: .init(name: name, response: result))])
            }
        }
        var systemInstruction = system.isEmpty ? nil : GeminiContent(role: nil, parts: system)
        if contents.isEmpty, let instruction = systemInstruction {
            // Gemini requires at least one turn; OpenAI accepts a system message alone.
            contents = [GeminiContent(role: "user", parts: instruction.parts)]
            systemInstruction = nil
        }

        var tools: [GeminiTool]?
        var toolConfig: GeminiToolConfig?
        if let requested = request.tools, !requested.isEmpty {
            // https://ai.google.dev/gemini-api/docs/function-calling#function_declarations
            let declarations = try requested.enumerated().map { index, tool in
                guard tool.type == "function" else {
                    throw GatewayError.invalidRequest(
                        "Tool type '\(tool.type)' cannot be sent to Gemini: only function tools are supported.", param: "tools[\(index)].type")
                }
                return GeminiTool.FunctionDeclaration(
                    name: tool.function.name, description: tool.function.description, parametersJsonSchema: tool.function.parameters)
            }
            tools = [GeminiTool(functionDeclarations: declarations)]
            toolConfig = try Self.toolConfig(for: request.toolChoice)
        }

        self.init(
            contents: contents, systemInstruction: systemInstruction, tools: tools, toolConfig: toolConfig,
            generationConfig: try Self.generationConfig(for: request))
    }

    // MARK: Parts

    /// The parts of a user message: text, images (data: URLs inline, http(s)/gs URLs by reference),
    /// audio and files given as base64.
    static func parts(of content: MessageContent?, param: String) throws -> [GeminiPart] {
        switch content {
        case .none: return []
        case .text(let text): return text.isEmpty ? [] : [.text(text)]
        case .parts(let parts):
            return try parts.enumerated().compactMap { index, part in
                let partParam = "\(param)[\(index)]"
                switch part {
                case .text(let text):
                    return text.isEmpty ? nil : .text(text)
                case .imageURL(let url, _):
                    return try media(url: url, param: partParam + ".image_url.url")
                case .other(let type, let fields) where type == "input_audio":
                    // https://platform.openai.com/docs/api-reference/chat/create (input_audio: data, format)
                    guard let data = fields["input_audio"]?["data"]?.stringValue, let format = fields["input_audio"]?["format"]?.stringValue
                    else {
                        throw GatewayError.invalidRequest("'input_audio' needs 'data' and 'format'.", param: partParam + ".input_audio")
                    }
                    return GeminiPart(inlineData: .init(mimeType: "audio/" + format, data: data))
                case .other(let type, let fields) where type == "file":
                    guard let fileData = fields["file"]?["file_data"]?.stringValue else {
                        throw GatewayError.invalidRequest(
                            "Gemini takes files as base64 'file_data' (a data: URL); uploaded 'file_id's cannot be sent.", param: partParam + ".file")
                    }
                    return try media(url: fileData, param: partParam + ".file.file_data")
                case .other(let type, _):
                    throw GatewayError.invalidRequest("Content part type '\(type)' cannot be sent to Gemini.", param: partParam + ".type")
                }
            }
        }
    }

    /// A data: URL becomes `inlineData`; an http(s) or gs:// URL becomes `fileData` with a media
    /// type guessed from its extension. https://ai.google.dev/gemini-api/docs/image-understanding
    static func media(url: String, param: String) throws -> GeminiPart {
        if url.hasPrefix("data:") {
            let body = url.dropFirst(5)
            guard let comma = body.firstIndex(of: ",") else {
                throw GatewayError.invalidRequest("The data: URL has no ',' before its data.", param: param)
            }
            let attributes = body[..<comma].split(separator: ";")
            guard attributes.contains("base64") else {
                throw GatewayError.invalidRequest("Gemini takes data: URLs in base64 only (data:<type>;base64,<data>).", param: param)
            }
            let mimeType = attributes.first.flatMap { $0 == "base64" || $0.isEmpty ? nil : String($0) } ?? "application/octet-stream"
            return GeminiPart(inlineData: .init(mimeType: mimeType, data: String(body[body.index(after: comma)...])))
        }
        let lowered = url.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://") || lowered.hasPrefix("gs://") else {
            throw GatewayError.invalidRequest("Gemini takes images as data: URLs or http(s)/gs:// URLs.", param: param)
        }
        return GeminiPart(fileData: .init(mimeType: mimeType(of: url), fileUri: url))
    }

    /// The media type an image URL's extension names; "image/jpeg" when it names none.
    static func mimeType(of url: String) -> String {
        let path = url.split(separator: "?", maxSplits: 1).first.map { $0.split(separator: "#", maxSplits: 1).first ?? $0 } ?? Substring(url)
        let name = path.split(separator: "/").last ?? path
        guard let dot = name.lastIndex(of: ".") else { return "image/jpeg" }
        switch name[name.index(after: dot)...].lowercased() {
        case "png": return "image/png"
        case "gif": return "image/gif"
        case "webp": return "image/webp"
        case "heic": return "image/heic"
        case "heif": return "image/heif"
        case "pdf": return "application/pdf"
        default: return "image/jpeg"
        }
    }

    // MARK: Function calls

    /// The JSON object of a tool call's arguments (`{}` when empty).
    static func arguments(_ arguments: String, param: String) throws -> JSONValue {
        if arguments.allSatisfy(\.isWhitespace) { return .object([:]) }
        guard case .object(let object)? = try? SharedJSONCoders.decoder.decode(JSONValue.self, from: Data(arguments.utf8)) else {
            throw GatewayError.invalidRequest("Tool call arguments must be a JSON object to be sent to Gemini.", param: param)
        }
        return .object(object)
    }

    /// A tool result as Gemini's `response` object: the result itself when it is a JSON object,
    /// else `{"result": <text>}`. https://ai.google.dev/api/caching#FunctionResponse
    static func functionResult(_ text: String) -> JSONValue {
        if text.first == "{", case .object(let object)? = try? SharedJSONCoders.decoder.decode(JSONValue.self, from: Data(text.utf8)) {
            return .object(object)
        }
        return .object(["result": .string(text)])
    }

    /// `tool_choice` → `functionCallingConfig`: auto → AUTO, none → NONE, required → ANY, a named
    /// function → ANY restricted to it. https://ai.google.dev/gemini-api/docs/function-calling#function_calling_modes
    static func toolConfig(for choice: JSONValue?) throws -> GeminiToolConfig? {
        let config: GeminiToolConfig.FunctionCallingConfig
        switch choice {
        case .none, .some(.null): return nil
        case .some(.string("auto")): config = .init(mode: "AUTO")
        case .some(.string("none")): config = .init(mode: "NONE")
        case .some(.string("required")): config = .init(mode: "ANY")
        case .some(let value):
            guard let name = value["function"]?["name"]?.stringValue else {
                throw GatewayError.invalidRequest(
                    "'tool_choice' must be \"none\", \"auto\", \"required\" or {\"type\":\"function\",\"function\":{\"name\":…}}.",
                    param: "tool_choice")
            }
            config = .init(mode: "ANY", allowedFunctionNames: [name])
        }
        return GeminiToolConfig(functionCallingConfig: config)
    }

    // MARK: Generation config

    /// Sampling options, `n`, `seed`, penalties and `response_format`.
    /// https://ai.google.dev/api/generate-content#GenerationConfig
    static func generationConfig(for request: ChatCompletionRequest) throws -> GeminiGenerationConfig? {
        var config = GeminiGenerationConfig(
            stopSequences: request.stop?.isEmpty == false ? request.stop : nil,
            candidateCount: try integer(request.extras["n"], param: "n"),
            maxOutputTokens: request.maxCompletionTokens ?? request.maxTokens,
            temperature: request.temperature, topP: request.topP,
            seed: try integer(request.extras["seed"], param: "seed"),
            presencePenalty: try number(request.extras["presence_penalty"], param: "presence_penalty"),
            frequencyPenalty: try number(request.extras["frequency_penalty"], param: "frequency_penalty"))
        if let format = request.extras["response_format"], format != .null {
            // https://ai.google.dev/gemini-api/docs/structured-output
            switch format["type"]?.stringValue {
            case "text": break
            case "json_object":
                config.responseMimeType = "application/json"
            case "json_schema":
                guard let schema = format["json_schema"]?["schema"] else {
                    throw GatewayError.invalidRequest("'response_format.json_schema.schema' is required.", param: "response_format.json_schema.schema")
                }
                config.responseMimeType = "application/json"
                config.responseJsonSchema = schema
            default:
                throw GatewayError.invalidRequest(
                    "'response_format.type' must be \"text\", \"json_object\" or \"json_schema\".", param: "response_format.type")
            }
        }
        return config.isEmpty ? nil : config
    }

    private static func integer(_ value: JSONValue?, param: String) throws -> Int? {
        switch value {
        case .none, .some(.null): return nil
        case .some(.number(let number)) where number.rounded() == number && abs(number) < 9.0e15: return Int(number)
        default: throw GatewayError.invalidRequest("'\(param)' must be an integer.", param: param)
        }
    }

    private static func number(_ value: JSONValue?, param: String) throws -> Double? {
        switch value {
        case .none, .some(.null): return nil
        case .some(.number(let number)): return number
        default: throw GatewayError.invalidRequest("'\(param)' must be a number.", param: param)
        }
    }
}
