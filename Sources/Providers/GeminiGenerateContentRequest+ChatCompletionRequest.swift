public import SignalboxCore

// Gemini `GenerateContentRequest` → canonical request: the mock provider's reading of a Gemini
// client. https://ai.google.dev/api/generate-content#request-body
extension GeminiGenerateContentRequest {
    /// The canonical request this Gemini request means. `model` comes from the URL path and
    /// `stream` from the method (`:streamGenerateContent`). Function calls without an `id` get
    /// `call_<n>` (n counts calls through the conversation); each function response is matched to
    /// the earliest unanswered call of its name.
    public func chatCompletionRequest(model: String, stream: Bool) -> ChatCompletionRequest {
        var messages: [ChatMessage] = []
        if let system = systemInstruction {
            let text = system.parts.compactMap(\.answerText).joined(separator: "\n")
            if !text.isEmpty { messages.append(ChatMessage(role: .system, content: .text(text))) }
        }
        var callCount = 0
        var unanswered: [(name: String, id: String)] = []
        for content in contents {
            if content.role == "model" {
                let text = content.parts.compactMap(\.answerText).joined()
                let calls = content.parts.compactMap(\.functionCall).map { call in
                    let id = call.id ?? "call_\(callCount)"
                    callCount += 1
                    unanswered.append((call.name, id))
                    return ToolCall(id: id, function: .init(name: call.name, arguments: GeminiJSON.compact(call.args ?? .object([:]))))
                }
                messages.append(
                    ChatMessage(role: .assistant, content: text.isEmpty && !calls.isEmpty ? nil : .text(text), toolCalls: calls.isEmpty ? nil : calls))
                continue
            }
            var parts: [ContentPart] = []
            for part in content.parts {
                if let response = part.functionResponse {
                    var id = response.id
                    if let index = unanswered.firstIndex(where: { $0.id == response.id || (response.id == nil && $0.name == response.name) }) {
                        id = unanswered.remove(at: index).id
                    }
                    messages.append(
                        ChatMessage(role: .tool, content: .text(Self.resultText(response.response)), toolCallID: id ?? "call_\(response.name)"))
                } else if let text = part.answerText {
                    parts.append(.text(text))
                } else if let blob = part.inlineData {
                    parts.append(.imageURL(url: "data:\(blob.mimeType);base64,\(blob.data)", detail: nil))
                } else if let file = part.fileData {
                    parts.append(.imageURL(url: file.fileUri, detail: nil))
                }
            }
            if parts.count == 1, case .text(let text) = parts[0] {
                messages.append(ChatMessage(role: .user, content: .text(text)))
            } else if !parts.isEmpty {
                messages.append(ChatMessage(role: .user, content: .parts(parts)))
            }
        }

        let declarations = tools?.flatMap { $0.functionDeclarations ?? [] } ?? []
        let canonicalTools = declarations.map { declaration in
            Tool(
                function: .init(
                    name: declaration.name, description: declaration.description,
                    parameters: declaration.parametersJsonSchema ?? declaration.parameters))
        }
        let config = generationConfig
        var extras: [String: JSONValue] = [:]
        if let count = config?.candidateCount { extras["n"] = .number(Double(count)) }
        if let seed = config?.seed { extras["seed"] = .number(Double(seed)) }
        if let penalty = config?.presencePenalty { extras["presence_penalty"] = .number(penalty) }
        if let penalty = config?.frequencyPenalty { extras["frequency_penalty"] = .number(penalty) }
        if config?.responseMimeType == "application/json" {
            if let schema = config?.responseJsonSchema ?? config?.responseSchema {
                extras["response_format"] = .object(["type": .string("json_schema"), "json_schema": .object(["name": .string("response"), "schema": schema])])
            } else {
                extras["response_format"] = .object(["type": .string("json_object")])
            }
        }
        return ChatCompletionRequest(
            model: model, messages: messages, stream: stream, tools: canonicalTools.isEmpty ? nil : canonicalTools,
            toolChoice: Self.toolChoice(toolConfig?.functionCallingConfig), temperature: config?.temperature, topP: config?.topP,
            maxTokens: config?.maxOutputTokens, stop: config?.stopSequences, extras: extras)
    }

    /// `{"result": "<text>"}` gives the text back; any other object its compact JSON.
    static func resultText(_ response: JSONValue) -> String {
        if case .object(let object) = response, object.count == 1, let text = object["result"]?.stringValue { return text }
        return GeminiJSON.compact(response)
    }

    /// AUTO → "auto", NONE → "none", ANY → "required", or the one function ANY allows.
    static func toolChoice(_ config: GeminiToolConfig.FunctionCallingConfig?) -> JSONValue? {
        switch config?.mode {
        case "AUTO": return .string("auto")
        case "NONE": return .string("none")
        case "ANY", "VALIDATED":
            if let names = config?.allowedFunctionNames, names.count == 1 {
                return .object(["type": .string("function"), "function": .object(["name": .string(names[0])])])
            }
            return config?.mode == "ANY" ? .string("required") : .string("auto")
        default: return nil
        }
    }
}
