/// The `/v1` endpoints the mock serves, resolved from method and path.
enum MockEndpoint: Sendable, Equatable {
    case chatCompletions
    case embeddings
    case models
    /// A known path asked with the wrong method.
    case methodNotAllowed(allowed: String)
    case unknown

    init(method: String, path: String) {
        let route: (allowed: String, endpoint: MockEndpoint)? =
            switch path {
            case "/v1/chat/completions": ("POST", .chatCompletions)
            case "/v1/embeddings": ("POST", .embeddings)
            case "/v1/models": ("GET", .models)
            default: nil
            }
        guard let route else {
            self = .unknown
            return
        }
        self = method == route.allowed ? route.endpoint : .methodNotAllowed(allowed: route.allowed)
    }

    /// Whether faults (latency, failures, hang) apply: only to the real endpoints.
    var takesFaults: Bool {
        switch self {
        case .chatCompletions, .embeddings, .models: true
        case .methodNotAllowed, .unknown: false
        }
    }
}
