public import SignalboxCore

/// The name the gateway uses for the Responses stream encoder.
public typealias ResponsesStreamEncoder = ResponsesInboundStreamEncoder

/// Turns a canonical chunk stream into the Responses API's server-sent events, in the order
/// OpenAI sends them: `response.created`, `response.in_progress`, then per output item
/// `output_item.added` (text: `content_part.added`, `output_text.delta`…, `output_text.done`,
/// `content_part.done`; function call: `function_call_arguments.delta`…, `.done`),
/// `output_item.done`, and finally `response.completed` (or `response.incomplete`) with the whole
/// Response object. `sequence_number` counts from 0. One encoder per response; feed it serially.
/// Reference: https://platform.openai.com/docs/api-reference/responses-streaming
public struct ResponsesInboundStreamEncoder: Sendable {
    private enum Item: Sendable {
        case message(id: String, text: String, isOpen: Bool)
        case functionCall(id: String, callID: String, name: String, arguments: String, isOpen: Bool)
    }

    private let request: ResponsesInboundRequest
    private let responseID: String
    private let createdAt: Int
    private var model: String
    private var sequenceNumber = 0
    private var started = false
    private var finished = false
    private var items: [Item] = []
    private var openMessage: Int?
    /// Canonical tool-call index → output index.
    private var toolItems: [Int: Int] = [:]
    private var finishReason: String?
    private var usage: Usage?

    /// The final Response object, once `finish` or `error` has been called.
    public private(set) var response: ResponsesWire.Response?

    public init(request: ResponsesInboundRequest, responseID: String, createdAt: Int) {
        self.request = request
        self.responseID = responseID
        self.createdAt = createdAt
        self.model = request.wire.model
    }

    /// The events one canonical chunk completes.
    public mutating func encode(_ chunk: ChatCompletionChunk) -> [UInt8] {
        guard !finished else { return [] }
        if !started, !chunk.model.isEmpty { model = chunk.model }
        var bytes = start()
        if let chunkUsage = chunk.usage { usage = chunkUsage }
        for choice in chunk.choices where choice.index == 0 {
            if let text = choice.delta.content, !text.isEmpty {
                bytes += appendText(text)
            }
            for call in choice.delta.toolCalls ?? [] {
                bytes += appendToolCall(call)
            }
            if let reason = choice.finishReason { finishReason = reason }
        }
        return bytes
    }

    /// Closes the open items and sends `response.completed` (or `response.incomplete` when the
    /// answer stopped at the token limit). `usage` overrides what the chunks reported.
    public mutating func finish(usage finalUsage: Usage? = nil) -> [UInt8] {
        guard !finished else { return [] }
        var bytes = start()
        if let finalUsage { usage = finalUsage }
        let incomplete = ResponsesInbound.incompleteReason(finishReason: finishReason)
        for index in items.indices {
            bytes += close(outputIndex: index, status: incomplete == nil ? "completed" : "incomplete")
        }
        finished = true
        let final = ResponsesInbound.responseObject(
            for: request, id: responseID, createdAt: createdAt, model: model, status: incomplete == nil ? "completed" : "incomplete",
            output: outputItems(), usage: usage.map(ResponsesWire.Usage.init), incompleteReason: incomplete)
        response = final
        return bytes + emit(incomplete == nil ? .completed(final) : .incomplete(final))
    }

    /// Ends the stream with an `error` event and `response.failed`.
    public mutating func error(_ error: GatewayError) -> [UInt8] {
        guard !finished else { return [] }
        var bytes = start()
        finished = true
        bytes += emit(.error(code: error.codeName, message: error.message, param: error.param))
        let code = error.status == 429 ? "rate_limit_exceeded" : "server_error"
        let failed = ResponsesInbound.responseObject(
            for: request, id: responseID, createdAt: createdAt, model: model, status: "failed", output: outputItems(),
            usage: usage.map(ResponsesWire.Usage.init), error: .init(code: code, message: error.message))
        response = failed
        return bytes + emit(.failed(failed))
    }

    /// The conversation to store under the response id for `previous_response_id`: the request's
    /// conversation and the answer streamed so far.
    public var conversation: [ChatMessage] {
        var text = ""
        var calls: [ToolCall] = []
        for item in items {
            switch item {
            case .message(_, let itemText, _): text += itemText
            case .functionCall(_, let callID, let name, let arguments, _):
                calls.append(ToolCall(id: callID, function: .init(name: name, arguments: arguments)))
            }
        }
        let answer = ChatMessage(role: .assistant, content: text.isEmpty ? nil : .text(text), toolCalls: calls.isEmpty ? nil : calls)
        return request.conversation + [answer]
    }

    // MARK: - Events

    private mutating func start() -> [UInt8] {
        guard !started else { return [] }
        started = true
        let initial = ResponsesInbound.responseObject(
            for: request, id: responseID, createdAt: createdAt, model: model, status: "in_progress", output: [], usage: nil)
        return emit(.created(initial)) + emit(.inProgress(initial))
    }

    private mutating func appendText(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        let outputIndex: Int
        if let openMessage {
            outputIndex = openMessage
        } else {
            outputIndex = items.count
            let id = ResponsesInbound.itemID(prefix: "msg", responseID: responseID, outputIndex: outputIndex)
            items.append(.message(id: id, text: "", isOpen: true))
            openMessage = outputIndex
            bytes += emit(.outputItemAdded(outputIndex: outputIndex, item: .message(id: id, status: "in_progress", content: [])))
            bytes += emit(.contentPartAdded(itemID: id, outputIndex: outputIndex, contentIndex: 0, part: .outputText("")))
        }
        guard case .message(let id, let soFar, let isOpen) = items[outputIndex] else { return bytes }
        items[outputIndex] = .message(id: id, text: soFar + text, isOpen: isOpen)
        return bytes + emit(.outputTextDelta(itemID: id, outputIndex: outputIndex, contentIndex: 0, delta: text))
    }

    private mutating func appendToolCall(_ call: ChatCompletionChunk.ToolCallDelta) -> [UInt8] {
        var bytes: [UInt8] = []
        let outputIndex: Int
        if let known = toolItems[call.index] {
            outputIndex = known
        } else {
            // A function call follows the text: the message item is complete.
            if let openMessage { bytes += close(outputIndex: openMessage, status: "completed") }
            outputIndex = items.count
            toolItems[call.index] = outputIndex
            let id = ResponsesInbound.itemID(prefix: "fc", responseID: responseID, outputIndex: outputIndex)
            let callID = call.id ?? ResponsesInbound.itemID(prefix: "call", responseID: responseID, outputIndex: outputIndex)
            let name = call.function?.name ?? ""
            items.append(.functionCall(id: id, callID: callID, name: name, arguments: "", isOpen: true))
            bytes += emit(
                .outputItemAdded(
                    outputIndex: outputIndex, item: .functionCall(id: id, callID: callID, name: name, arguments: "", status: "in_progress")))
        }
        guard case .functionCall(let id, let callID, let name, let arguments, let isOpen) = items[outputIndex], isOpen else { return bytes }
        let fragment = call.function?.arguments ?? ""
        guard !fragment.isEmpty else { return bytes }
        items[outputIndex] = .functionCall(id: id, callID: callID, name: name, arguments: arguments + fragment, isOpen: true)
        return bytes + emit(.functionCallArgumentsDelta(itemID: id, outputIndex: outputIndex, delta: fragment))
    }

    private mutating func close(outputIndex: Int, status: String) -> [UInt8] {
        switch items[outputIndex] {
        case .message(let id, let text, true):
            items[outputIndex] = .message(id: id, text: text, isOpen: false)
            if openMessage == outputIndex { openMessage = nil }
            return emit(.outputTextDone(itemID: id, outputIndex: outputIndex, contentIndex: 0, text: text))
                + emit(.contentPartDone(itemID: id, outputIndex: outputIndex, contentIndex: 0, part: .outputText(text)))
                + emit(.outputItemDone(outputIndex: outputIndex, item: .message(id: id, status: status, content: [.outputText(text)])))
        case .functionCall(let id, let callID, let name, let arguments, true):
            items[outputIndex] = .functionCall(id: id, callID: callID, name: name, arguments: arguments, isOpen: false)
            return emit(.functionCallArgumentsDone(itemID: id, outputIndex: outputIndex, name: name, arguments: arguments))
                + emit(
                    .outputItemDone(
                        outputIndex: outputIndex,
                        item: .functionCall(id: id, callID: callID, name: name, arguments: arguments, status: "completed")))
        default:
            return []
        }
    }

    private func outputItems() -> [ResponsesWire.OutputItem] {
        let incomplete = ResponsesInbound.incompleteReason(finishReason: finishReason) != nil
        return items.map { item in
            switch item {
            case .message(let id, let text, let isOpen):
                .message(
                    id: id, status: isOpen ? "in_progress" : (incomplete ? "incomplete" : "completed"), content: [.outputText(text)])
            case .functionCall(let id, let callID, let name, let arguments, let isOpen):
                .functionCall(id: id, callID: callID, name: name, arguments: arguments, status: isOpen ? "in_progress" : "completed")
            }
        }
    }

    private mutating func emit(_ payload: ResponsesWire.StreamEvent.Payload) -> [UInt8] {
        let event = ResponsesWire.StreamEvent(sequenceNumber: sequenceNumber, payload: payload)
        sequenceNumber += 1
        return ResponsesInbound.sseEvent(name: event.type, json: ResponsesInbound.json(event))
    }
}
