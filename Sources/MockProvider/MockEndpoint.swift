/// The endpoints the mock serves, resolved from method and path by the flavor's dialect. APIs
/// that name the model (Gemini, Bedrock) or the streaming mode (`:streamGenerateContent`,
/// `/converse-stream`) in the path carry them here.
enum MockEndpoint: Sendable, Equatable {
    case chatCompletions(model: String? = nil, stream: Bool? = nil)
    case embeddings(model: String? = nil)
    case models
    /// A known path asked with the wrong method.
    case methodNotAllowed(allowed: String)
    case unknown

    /// OpenAI's endpoints.
    init(method: String, path: String) {
        let route: (allowed: String, endpoint: MockEndpoint)? =
            switch path {
            case "/v1/chat/completions": ("POST", .chatCompletions())
            case "/v1/embeddings": ("POST", .embeddings())
            case "/v1/models": ("GET", .models)
            default: nil
            }
        guard let route else {
            self = .unknown
            return
        }
        self = Self.allowing(route.allowed, method: method, route.endpoint)
    }

    /// `endpoint` when `method` is the one it takes, `.methodNotAllowed` otherwise.
    static func allowing(_ allowed: String, method: String, _ endpoint: MockEndpoint) -> MockEndpoint {
        method == allowed ? endpoint : .methodNotAllowed(allowed: allowed)
    }

    /// Whether faults (latency, failures, hang) apply: only to the real endpoints.
    var takesFaults: Bool {
        switch self {
        case .chatCompletions, .embeddings, .models: true
        case .methodNotAllowed, .unknown: false
        }
    }
}
