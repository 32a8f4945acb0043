public import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses/object
extension ResponsesInbound {
    /// Translates a canonical `chat.completion` into the Response object for `request`.
    /// `finish_reason` "length" gives status `incomplete` with reason `max_output_tokens`,
    /// "content_filter" reason `content_filter`; otherwise `completed`.
    public static func answer(
        _ completion: ChatCompletionResponse, for request: ResponsesInboundRequest, responseID: String, createdAt: Int
    ) -> ResponsesInboundAnswer {
        let choice = completion.choices.first
        let message = choice?.message ?? ChatMessage(role: .assistant, content: nil)
        let incomplete = incompleteReason(finishReason: choice?.finishReason)
        let itemStatus = incomplete == nil ? "completed" : "incomplete"

        var output: [ResponsesWire.OutputItem] = []
        var content: [ResponsesWire.OutputContent] = []
        let text = message.content?.plainText ?? ""
        if !text.isEmpty { content.append(.outputText(text)) }
        if let refusal = message.extras["refusal"]?.stringValue { content.append(.refusal(refusal)) }
        let toolCalls = message.toolCalls ?? []
        if !content.isEmpty || toolCalls.isEmpty {
            if content.isEmpty { content.append(.outputText("")) }
            output.append(.message(id: itemID(prefix: "msg", responseID: responseID, outputIndex: 0), status: itemStatus, content: content))
        }
        for call in toolCalls {
            output.append(
                .functionCall(
                    id: itemID(prefix: "fc", responseID: responseID, outputIndex: output.count), callID: call.id, name: call.function.name,
                    arguments: call.function.arguments, status: "completed"))
        }

        let response = responseObject(
            for: request, id: responseID, createdAt: createdAt, model: completion.model, status: incomplete == nil ? "completed" : "incomplete",
            output: output, usage: completion.usage.map(ResponsesWire.Usage.init), incompleteReason: incomplete)
        var answerMessage = ChatMessage(role: .assistant, content: text.isEmpty ? nil : .text(text), toolCalls: toolCalls.isEmpty ? nil : toolCalls)
        answerMessage.extras = message.extras.filter { $0.key == "refusal" }
        return ResponsesInboundAnswer(response: response, body: json(response), conversation: request.conversation + [answerMessage])
    }

    static func incompleteReason(finishReason: String?) -> String? {
        switch finishReason {
        case "length": "max_output_tokens"
        case "content_filter": "content_filter"
        default: nil
        }
    }

    /// The Response object with the request's settings echoed, as OpenAI returns them.
    static func responseObject(
        for request: ResponsesInboundRequest, id: String, createdAt: Int, model: String, status: String, output: [ResponsesWire.OutputItem],
        usage: ResponsesWire.Usage?, incompleteReason: String? = nil, error: ResponsesWire.Response.ErrorInfo? = nil
    ) -> ResponsesWire.Response {
        let wire = request.wire
        var text = wire.text ?? .object([:])
        if case .object(var object) = text, object["format"] == nil {
            object["format"] = .object(["type": .string("text")])
            text = .object(object)
        }
        var reasoning: [String: JSONValue] = ["effort": .null, "summary": .null]
        if case .object(let sent) = wire.reasoning ?? .null {
            reasoning.merge(sent) { $1 }
        }
        return ResponsesWire.Response(
            id: id, createdAt: createdAt, status: status, model: model, output: output, error: error,
            incompleteDetails: incompleteReason.map(ResponsesWire.Response.IncompleteDetails.init), instructions: wire.instructions,
            maxOutputTokens: wire.maxOutputTokens, parallelToolCalls: wire.parallelToolCalls ?? true,
            previousResponseID: wire.previousResponseID, reasoning: .object(reasoning), store: request.store,
            temperature: wire.temperature ?? 1, text: text, toolChoice: wire.toolChoice ?? .string("auto"), tools: wire.tools ?? [],
            topP: wire.topP ?? 1, truncation: wire.truncation ?? "disabled", usage: usage, user: wire.user, metadata: request.metadata)
    }
}
