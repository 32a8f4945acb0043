public import SignalboxCore

// Gemini `GenerateContentResponse` → canonical `chat.completion`.
// https://ai.google.dev/api/generate-content#generatecontentresponse
extension GeminiGenerateContentResponse {
    /// The canonical completion: each candidate's answer text (thought summaries left out) and
    /// function calls; a prompt blocked before any candidate (`promptFeedback.blockReason`)
    /// becomes one empty choice with `content_filter`. `id` is `responseId`, or `fallbackID`.
    public func chatCompletion(fallbackID: String, created: Int, model: String) -> ChatCompletionResponse {
        var choices: [ChatCompletionResponse.Choice] = []
        for (position, candidate) in (candidates ?? []).enumerated() {
            let parts = candidate.content?.parts ?? []
            let text = parts.compactMap(\.answerText).joined()
            let calls = parts.compactMap(\.functionCall).enumerated().map { index, call in
                GeminiCandidate.toolCall(call, responseID: responseId, index: index)
            }
            let message = ChatMessage(
                role: .assistant, content: text.isEmpty && !calls.isEmpty ? nil : .text(text), toolCalls: calls.isEmpty ? nil : calls)
            let finish = GeminiCandidate.canonicalFinishReason(candidate.finishReason ?? "STOP", calledFunctions: !calls.isEmpty)
            choices.append(.init(index: candidate.index ?? position, message: message, finishReason: finish))
        }
        if choices.isEmpty {
            let finish = promptFeedback?.blockReason == nil ? "stop" : "content_filter"
            choices = [.init(index: 0, message: ChatMessage(role: .assistant, content: .text("")), finishReason: finish)]
        }
        return ChatCompletionResponse(id: responseId ?? fallbackID, created: created, model: model, choices: choices, usage: usageMetadata?.canonicalUsage)
    }
}
