@testable import Engine
import SignalboxCore
import Testing

@Suite("Route resolution")
struct RouteTableTests {
    let config = GatewayConfig(
        providers: [
            ProviderConfig(id: "openai-main", kind: .openai, baseURL: "https://api.example.test/v1", keys: [ProviderKeyConfig(id: "k", secret: Secret("sk-test-000000000000"))]),
            ProviderConfig(id: "local", kind: .openaiCompatible, baseURL: "http://127.0.0.1:11434/v1"),
            ProviderConfig(id: "claude", kind: .anthropic, baseURL: "https://anthropic.example.test"),
        ],
        models: [
            ModelRoute(name: "gpt-4o", targets: [RouteTarget(provider: "openai-main", model: "gpt-4o-2024-08-06"), RouteTarget(provider: "local", model: "llama")]),
            ModelRoute(name: "org/custom", targets: [RouteTarget(provider: "local", model: "custom")]),
        ])

    @Test("a route name resolves to its first target")
    func routeName() throws {
        let target = try #require(RouteTable(config: config).resolve("gpt-4o"))
        #expect(target.provider.id == "openai-main")
        #expect(target.model == "gpt-4o-2024-08-06")
        #expect(target.key?.id == "k")
    }

    @Test("provider-id/model bypasses routes; model names may contain slashes")
    func bypass() throws {
        let table = RouteTable(config: config)
        let target = try #require(table.resolve("local/meta-llama/Llama-3.1-8B"))
        #expect(target.provider.id == "local")
        #expect(target.model == "meta-llama/Llama-3.1-8B")
    }

    @Test("a route name containing a slash wins over provider addressing")
    func routeWithSlash() throws {
        let target = try #require(RouteTable(config: config).resolve("org/custom"))
        #expect(target.model == "custom")
    }

    @Test("unknown models and unknown providers do not resolve", arguments: ["gpt-5", "nobody/gpt-4o", "openai-main/", "/x"])
    func unknown(model: String) {
        #expect(RouteTable(config: config).resolve(model) == nil)
    }

    @Test("providers Signalbox cannot speak to yet are reported, not routed")
    func unsupported() {
        let table = RouteTable(config: config)
        #expect(table.unsupportedProviders == ["claude (kind anthropic)"])
        #expect(table.resolve("claude/claude-sonnet") == nil)
    }

    @Test("the models list names routes, then provider/model pairs once each")
    func modelIDs() {
        let ids = RouteTable(config: config).modelIDs.map(\.id)
        #expect(ids == ["gpt-4o", "org/custom", "openai-main/gpt-4o-2024-08-06", "local/llama", "local/custom"])
    }
}
