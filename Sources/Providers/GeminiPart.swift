public import SignalboxCore

/// One part of a Gemini `Content`: exactly one of text, inline data, file data, a function call or a
/// function response (the API's `data` oneof), plus the thinking fields Gemini sets on its answers.
/// https://ai.google.dev/api/caching#Part
public struct GeminiPart: Sendable, Hashable, Codable {
    /// Raw bytes with their media type; `data` is base64.
    /// https://ai.google.dev/api/caching#Blob
    public struct Blob: Sendable, Hashable, Codable {
        public var mimeType: String
        public var data: String

        public init(mimeType: String, data: String) {
            self.mimeType = mimeType
            self.data = data
        }
    }

    /// A file by URI (Files API, `gs://`, or a public http(s) URL).
    /// https://ai.google.dev/api/caching#FileData
    public struct FileData: Sendable, Hashable, Codable {
        public var mimeType: String?
        public var fileUri: String

        public init(mimeType: String?, fileUri: String) {
            self.mimeType = mimeType
            self.fileUri = fileUri
        }
    }

    /// A call the model asks for; `args` is a JSON object.
    /// https://ai.google.dev/api/caching#FunctionCall
    public struct FunctionCall: Sendable, Hashable, Codable {
        public var id: String?
        public var name: String
        public var args: JSONValue?

        public init(id: String? = nil, name: String, args: JSONValue?) {
            self.id = id
            self.name = name
            self.args = args
        }
    }

    /// The result of a call, sent back in a `user` turn; `response` is a JSON object.
    /// https://ai.google.dev/api/caching#FunctionResponse
    public struct FunctionResponse: Sendable, Hashable, Codable {
        public var id: String?
        public var name: String
        public var response: JSONValue

        public init(id: String? = nil, name: String, response: JSONValue) {
            self.id = id
            self.name = name
            self.response = response
        }
    }

    public var text: String?
    public var inlineData: Blob?
    public var fileData: FileData?
    public var functionCall: FunctionCall?
    public var functionResponse: FunctionResponse?
    /// True on thought-summary parts of thinking models (not part of the answer).
    public var thought: Bool?
    /// Opaque signature of the model's reasoning; https://ai.google.dev/gemini-api/docs/thought-signatures
    public var thoughtSignature: String?

    public init(
        text: String? = nil, inlineData: Blob? = nil, fileData: FileData? = nil, functionCall: FunctionCall? = nil,
        functionResponse: FunctionResponse? = nil, thought: Bool? = nil, thoughtSignature: String? = nil
    ) {
        self.text = text
        self.inlineData = inlineData
        self.fileData = fileData
        self.functionCall = functionCall
        self.functionResponse = functionResponse
        self.thought = thought
        self.thoughtSignature = thoughtSignature
    }

    public static func text(_ text: String) -> GeminiPart { GeminiPart(text: text) }

    /// The answer text of this part: nil for thought summaries and non-text parts.
    public var answerText: String? { thought == true ? nil : text }
}
