public import SignalboxCore

extension MockFlavor {
    /// What follows the mock's origin in the `base_url` a gateway provider of this family uses
    /// (the part of the provider's real base URL after its host).
    public var basePath: String {
        switch self {
        case .openai, .anthropic: "/v1"
        case .azure: "/openai"
        case .gemini: "/v1beta"
        case .cohere: "/v2"
        case .bedrock: ""
        }
    }

    /// The provider kind whose adapter speaks this flavor.
    public var providerKind: ProviderKind {
        switch self {
        case .openai: .openai
        case .azure: .azure
        case .anthropic: .anthropic
        case .gemini: .gemini
        case .cohere: .cohere
        case .bedrock: .bedrock
        }
    }
}
