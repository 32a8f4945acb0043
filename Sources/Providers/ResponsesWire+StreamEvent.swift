import SignalboxCore

// https://platform.openai.com/docs/api-reference/responses-streaming
extension ResponsesWire {
    /// One server-sent event of a streamed response. Every event carries its `type` and a
    /// `sequence_number` that increases by one from 0 within the stream.
    public struct StreamEvent: Sendable, Hashable {
        public enum Payload: Sendable, Hashable {
            case created(Response)
            case inProgress(Response)
            case completed(Response)
            case incomplete(Response)
            case failed(Response)
            case outputItemAdded(outputIndex: Int, item: OutputItem)
            case outputItemDone(outputIndex: Int, item: OutputItem)
            case contentPartAdded(itemID: String, outputIndex: Int, contentIndex: Int, part: OutputContent)
            case contentPartDone(itemID: String, outputIndex: Int, contentIndex: Int, part: OutputContent)
            case outputTextDelta(itemID: String, outputIndex: Int, contentIndex: Int, delta: String)
            case outputTextDone(itemID: String, outputIndex: Int, contentIndex: Int, text: String)
            case functionCallArgumentsDelta(itemID: String, outputIndex: Int, delta: String)
            case functionCallArgumentsDone(itemID: String, outputIndex: Int, name: String, arguments: String)
            case error(code: String?, message: String, param: String?)
        }

        public var sequenceNumber: Int
        public var payload: Payload

        public init(sequenceNumber: Int, payload: Payload) {
            self.sequenceNumber = sequenceNumber
            self.payload = payload
        }

        /// The event's `type`, also its SSE `event:` name.
        public var type: String {
            switch payload {
            case .created: "response.created"
            case .inProgress: "response.in_progress"
            case .completed: "response.completed"
            case .incomplete: "response.incomplete"
            case .failed: "response.failed"
            case .outputItemAdded: "response.output_item.added"
            case .outputItemDone: "response.output_item.done"
            case .contentPartAdded: "response.content_part.added"
            case .contentPartDone: "response.content_part.done"
            case .outputTextDelta: "response.output_text.delta"
            case .outputTextDone: "response.output_text.done"
            case .functionCallArgumentsDelta: "response.function_call_arguments.delta"
            case .functionCallArgumentsDone: "response.function_call_arguments.done"
            case .error: "error"
            }
        }
    }
}

extension ResponsesWire.StreamEvent: Encodable {
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: DynamicCodingKey.self)
        func key(_ name: String) -> DynamicCodingKey { DynamicCodingKey(name) }
        try c.encode(type, forKey: key("type"))
        try c.encode(sequenceNumber, forKey: key("sequence_number"))
        switch payload {
        case .created(let response), .inProgress(let response), .completed(let response), .incomplete(let response),
            .failed(let response):
            try c.encode(response, forKey: key("response"))
        case .outputItemAdded(let outputIndex, let item), .outputItemDone(let outputIndex, let item):
            try c.encode(outputIndex, forKey: key("output_index"))
            try c.encode(item, forKey: key("item"))
        case .contentPartAdded(let itemID, let outputIndex, let contentIndex, let part),
            .contentPartDone(let itemID, let outputIndex, let contentIndex, let part):
            try c.encode(itemID, forKey: key("item_id"))
            try c.encode(outputIndex, forKey: key("output_index"))
            try c.encode(contentIndex, forKey: key("content_index"))
            try c.encode(part, forKey: key("part"))
        case .outputTextDelta(let itemID, let outputIndex, let contentIndex, let delta):
            try c.encode(itemID, forKey: key("item_id"))
            try c.encode(outputIndex, forKey: key("output_index"))
            try c.encode(contentIndex, forKey: key("content_index"))
            try c.encode(delta, forKey: key("delta"))
            try c.encode([JSONValue](), forKey: key("logprobs"))
        case .outputTextDone(let itemID, let outputIndex, let contentIndex, let text):
            try c.encode(itemID, forKey: key("item_id"))
            try c.encode(outputIndex, forKey: key("output_index"))
            try c.encode(contentIndex, forKey: key("content_index"))
            try c.encode(text, forKey: key("text"))
            try c.encode([JSONValue](), forKey: key("logprobs"))
        case .functionCallArgumentsDelta(let itemID, let outputIndex, let delta):
            try c.encode(itemID, forKey: key("item_id"))
            try c.encode(outputIndex, forKey: key("output_index"))
            try c.encode(delta, forKey: key("delta"))
        case .functionCallArgumentsDone(let itemID, let outputIndex, let name, let arguments):
            try c.encode(itemID, forKey: key("item_id"))
            try c.encode(outputIndex, forKey: key("output_index"))
            try c.encode(name, forKey: key("name"))
            try c.encode(arguments, forKey: key("arguments"))
        case .error(let code, let message, let param):
            try c.encode(code, forKey: key("code"))
            try c.encode(message, forKey: key("message"))
            try c.encode(param, forKey: key("param"))
        }
    }
}
