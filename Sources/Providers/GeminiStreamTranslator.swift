import Foundation
import NIOCore
public import SignalboxCore

/// Translates `streamGenerateContent?alt=sse` (Gemini API and Vertex AI): every SSE event is a
/// whole `GenerateContentResponse` carrying the next text, whole function calls, and on the last
/// one the `finishReason`; `usageMetadata` may come on any event and the last one counts.
/// https://ai.google.dev/api/generate-content#method:-models.streamgeneratecontent
public struct GeminiStreamTranslator: ProviderStreamTranslator {
    private let provider: String
    private let model: String
    private let created: Int
    private let fallbackID: String
    private var splitter = SSEEventSplitter()
    /// `responseId` of the first event (fixed for the stream), or `fallbackID`.
    private var id: String?
    private var choicesWithRole: Set<Int> = []
    /// Function calls announced per choice: the next call's `index`.
    private var callCounts: [Int: Int] = [:]
    private var usage: Usage?
    private var finished = false

    /// `created` and `fallbackID` are fixed by the caller, so a transcript always gives the same chunks.
    public init(provider: String, model: String, created: Int, fallbackID: String) {
        self.provider = provider
        self.model = model
        self.created = created
        self.fallbackID = fallbackID
    }

    public mutating func consume(_ bytes: [UInt8]) throws -> [ChatCompletionChunk] {
        var chunks: [ChatCompletionChunk] = []
        for event in splitter.append(ByteBuffer(bytes: bytes)) {
            if let data = event.data { try translate(data, into: &chunks) }
        }
        return chunks
    }

    public mutating func finish() throws -> [ChatCompletionChunk] {
        var chunks: [ChatCompletionChunk] = []
        // An event the body ended without its blank line is still whole if its JSON is.
        if let rest = splitter.flush(), let data = SSEEventSplitter.data(of: rest) {
            try translate(data, into: &chunks)
        }
        guard finished else {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: "the stream ended before Gemini sent a finishReason")
        }
        if let usage {
            chunks.append(ChatCompletionChunk(id: id ?? fallbackID, created: created, model: model, choices: [], usage: usage))
        }
        return chunks
    }

    private mutating func translate(_ data: ByteBuffer, into chunks: inout [ChatCompletionChunk]) throws {
        let bytes = Data(data.readableBytesView)
        guard bytes.contains(where: { $0 > 0x20 }), bytes != Data("[DONE]".utf8) else { return }
        let response: GeminiGenerateContentResponse
        do {
            response = try SharedJSONCoders.decoder.decode(GeminiGenerateContentResponse.self, from: bytes)
        } catch {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: "a stream event is not a GenerateContentResponse")
        }
        // An error sent inside the stream decodes as a response with nothing in it.
        if response.candidates == nil, response.promptFeedback == nil, response.usageMetadata == nil,
            let envelope = try? SharedJSONCoders.decoder.decode(GeminiErrorBody.self, from: bytes)
        {
            throw envelope.gatewayError(provider: provider, status: envelope.error.code ?? 500, retryAfterHeader: nil)
        }
        if id == nil { id = response.responseId ?? fallbackID }
        if let metadata = response.usageMetadata { usage = metadata.canonicalUsage }

        for (position, candidate) in (response.candidates ?? []).enumerated() {
            let index = candidate.index ?? position
            let parts = candidate.content?.parts ?? []
            let text = parts.compactMap(\.answerText).joined()
            var calls: [ChatCompletionChunk.ToolCallDelta] = []
            for call in parts.compactMap(\.functionCall) {
                // Gemini sends each call whole: id, name and all arguments in one delta.
                let callIndex = callCounts[index, default: 0]
                callCounts[index] = callIndex + 1
                let toolCall = GeminiCandidate.toolCall(call, responseID: response.responseId, index: callIndex)
                calls.append(
                    .init(
                        index: callIndex, id: toolCall.id, type: toolCall.type,
                        function: .init(name: toolCall.function.name, arguments: toolCall.function.arguments)))
            }
            let needsRole = !choicesWithRole.contains(index)
            if needsRole || !text.isEmpty || !calls.isEmpty {
                let content: String? = text.isEmpty ? (needsRole && calls.isEmpty ? "" : nil) : text
                let delta = ChatCompletionChunk.Delta(role: needsRole ? "assistant" : nil, content: content, toolCalls: calls.isEmpty ? nil : calls)
                chunks.append(chunk(index: index, delta: delta))
                choicesWithRole.insert(index)
            }
            if let reason = candidate.finishReason {
                let finish = GeminiCandidate.canonicalFinishReason(reason, calledFunctions: callCounts[index, default: 0] > 0)
                chunks.append(chunk(index: index, delta: .init(), finishReason: finish))
                finished = true
            }
        }
        if response.candidates?.isEmpty ?? true, response.promptFeedback?.blockReason != nil {
            // The prompt was blocked: no candidate will come.
            if !choicesWithRole.contains(0) {
                chunks.append(chunk(index: 0, delta: .init(role: "assistant", content: "")))
                choicesWithRole.insert(0)
            }
            chunks.append(chunk(index: 0, delta: .init(), finishReason: "content_filter"))
            finished = true
        }
    }

    private func chunk(index: Int, delta: ChatCompletionChunk.Delta, finishReason: String? = nil) -> ChatCompletionChunk {
        ChatCompletionChunk(
            id: id ?? fallbackID, created: created, model: model, choices: [.init(index: index, delta: delta, finishReason: finishReason)])
    }
}
