/// How a `MockProviderServer` is set up. Every field has a default, so `.init()` is a working mock.
public struct MockProviderConfiguration: Sendable {
    /// Address to bind; keep it on loopback.
    public var host: String = "127.0.0.1"
    /// Port to bind; 0 asks the kernel for an ephemeral port (read it back from `start()`).
    public var port: Int = 0
    public var flavor: MockFlavor = .openai
    /// Faults active from the start; change them at runtime with `MockProviderServer.faults`.
    public var faults: MockFaults = .init()
    /// When set, `/v1` requests without `Authorization: Bearer <apiKey>` are answered 401.
    public var apiKey: String? = nil
    /// Model ids listed by `GET /v1/models`. Requests may name any model; it is echoed back.
    public var models: [String] = ["mock-gpt", "mock-embed"]
    /// Vector length of embeddings when the request does not ask for `dimensions`.
    public var embeddingDimensions: Int = 64
    /// Seed of the generator behind `fail_rate`: the same seed gives the same failure sequence.
    public var seed: UInt64 = 42

    public init(
        host: String = "127.0.0.1", port: Int = 0, flavor: MockFlavor = .openai, faults: MockFaults = .init(), apiKey: String? = nil,
        models: [String] = ["mock-gpt", "mock-embed"], embeddingDimensions: Int = 64, seed: UInt64 = 42
    ) {
        self.host = host
        self.port = port
        self.flavor = flavor
        self.faults = faults
        self.apiKey = apiKey
        self.models = models
        self.embeddingDimensions = embeddingDimensions
        self.seed = seed
    }
}
