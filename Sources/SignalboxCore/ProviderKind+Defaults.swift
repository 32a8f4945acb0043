extension ProviderKind {
    /// The base URL used when `providers[].base_url` is left out, or nil when the kind has none
    /// (azure: every resource has its own host; openai-compatible: name a `preset` or a URL).
    /// `region` fills the hosts that carry one (bedrock, vertex).
    public func defaultBaseURL(region: String?) -> String? {
        switch self {
        case .openai: "https://api.openai.com/v1"
        // https://docs.anthropic.com/en/api/messages
        case .anthropic: "https://api.anthropic.com/v1"
        // https://ai.google.dev/api/generate-content
        case .gemini: "https://generativelanguage.googleapis.com/v1beta"
        // https://docs.cohere.com/reference/chat
        case .cohere: "https://api.cohere.com/v2"
        // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
        case .bedrock: region.map { "https://bedrock-runtime.\($0).amazonaws.com" }
        // https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.endpoints/generateContent
        case .vertex:
            region.map { $0 == "global" ? "https://aiplatform.googleapis.com/v1" : "https://\($0)-aiplatform.googleapis.com/v1" }
        case .azure, .openaiCompatible: nil
        }
    }

    /// The API version used when `providers[].api_version` is left out.
    public var defaultAPIVersion: String? {
        switch self {
        // https://learn.microsoft.com/en-us/azure/ai-services/openai/reference (latest GA data plane)
        case .azure: "2024-10-21"
        // https://docs.anthropic.com/en/api/versioning
        case .anthropic: "2023-06-01"
        default: nil
        }
    }

    /// Whether `region` must be given.
    public var needsRegion: Bool { self == .bedrock || self == .vertex }
}

/// Well-known servers that speak OpenAI's API, for `kind: openai-compatible` with `preset:`.
public enum OpenAICompatiblePreset: String, Sendable, Hashable, CaseIterable {
    case mistral, groq, together, deepseek, xai, ollama, vllm

    /// Each service's documented OpenAI-compatible base URL (local servers: their default port).
    public var baseURL: String {
        switch self {
        case .mistral: "https://api.mistral.ai/v1"
        case .groq: "https://api.groq.com/openai/v1"
        case .together: "https://api.together.xyz/v1"
        case .deepseek: "https://api.deepseek.com/v1"
        case .xai: "https://api.x.ai/v1"
        case .ollama: "http://127.0.0.1:11434/v1"
        case .vllm: "http://127.0.0.1:8000/v1"
        }
    }

    /// Local servers run without keys; hosted services need one.
    public var needsKey: Bool { self != .ollama && self != .vllm }
}
