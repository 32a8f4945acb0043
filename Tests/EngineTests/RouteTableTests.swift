@testable import Engine
import Providers
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
        let target = try RouteTable(config: config).resolve("gpt-4o")
        #expect(target.provider.id == "openai-main")
        #expect(target.model == "gpt-4o-2024-08-06")
        #expect(target.key?.id == "k")
    }

    @Test("provider-id/model bypasses routes; model names may contain slashes")
    func bypass() throws {
        let table = RouteTable(config: config)
        let target = try table.resolve("local/meta-llama/Llama-3.1-8B")
        #expect(target.provider.id == "local")
        #expect(target.model == "meta-llama/Llama-3.1-8B")
    }

    @Test("a route name containing a slash wins over provider addressing")
    func routeWithSlash() throws {
        let target = try RouteTable(config: config).resolve("org/custom")
        #expect(target.model == "custom")
    }

    @Test("unknown models and unknown providers do not resolve", arguments: ["gpt-5", "nobody/gpt-4o", "openai-main/", "/x"])
    func unknown(model: String) {
        #expect(throws: GatewayError.self) { try RouteTable(config: config).resolve(model) }
        #expect((try? RouteTable(config: config).resolve(model))?.provider.id == nil)
    }

    @Test("every provider kind has an adapter and routes by id/model")
    func everyKindRoutes() throws {
        let table = RouteTable(config: config)
        #expect(try table.resolve("claude/claude-sonnet").provider.kind == .anthropic)
        for kind in ProviderKind.allCases {
            let provider = ProviderConfig(id: "p", kind: kind, baseURL: "https://example.invalid", region: "us-east-1", project: "x")
            #expect(kind.makeAdapter(for: provider).provider.kind == kind)
        }
    }

    @Test("paused providers are skipped; a route with every target paused is refused with 503")
    func paused() throws {
        let table = RouteTable(config: config)
        try table.states.setPaused(true, provider: "openai-main")
        #expect(try table.resolve("gpt-4o").provider.id == "local")
        try table.states.setPaused(true, provider: "local")
        do {
            _ = try table.resolve("gpt-4o")
            Issue.record("expected a refusal")
        } catch {
            #expect(error.status == 503)
            #expect(error.message.contains("openai-main, local"))
        }
        #expect(throws: GatewayError.self) { try table.resolve("local/llama") }
        try table.states.setPaused(false, provider: "openai-main")
        #expect(try table.resolve("gpt-4o").key?.secret == Secret("sk-test-000000000000"))
    }

    @Test("a rotated secret is what the next resolution carries; a paused key is skipped")
    func rotatedAndPausedKeys() throws {
        let table = RouteTable(config: config)
        try table.states.rotate(provider: "openai-main", key: "k", to: Secret("sk-new-111111111111"), graceUntilMs: 10)
        #expect(try table.resolve("gpt-4o").key?.secret == Secret("sk-new-111111111111"))
        #expect(throws: ProviderStateTable.ChangeError.unchanged("key openai-main/k is already in use")) {
            try table.states.setPaused(false, provider: "openai-main", key: "k")
        }
        try table.states.setPaused(true, provider: "openai-main", key: "k")
        #expect(table.states.availability(of: "openai-main") == .allKeysPaused)
        #expect(try table.resolve("gpt-4o").provider.id == "local")
        #expect(table.states.availability(of: "local") == .available(nil))
        // The grace period (until 10 ms after the epoch) is long over: the old secret is forgotten.
        let snapshot = table.states.snapshots(nowMs: 20).first { $0.id == "openai-main" }
        #expect(snapshot?.keys.first?.graceUntilMs == nil)
        #expect(snapshot?.keys.first?.masked == "sk-…1111")
    }

    @Test("a provider's unpaused keys form a pool drawn in proportion to their weights")
    func keyPool() throws {
        let provider = ProviderConfig(
            id: "pool", kind: .openai, baseURL: "https://api.example.test/v1",
            keys: [
                ProviderKeyConfig(id: "k0", secret: Secret("sk-pool-key-000000000"), weight: 3),
                ProviderKeyConfig(id: "k1", secret: Secret("sk-pool-key-111111111"), weight: 1),
            ])
        let states = ProviderStateTable(providers: [provider])
        var counts: [String: Int] = [:]
        for step in 0..<400 {
            guard case .available(let key?) = states.availability(of: "pool", random: (Double(step) + 0.5) / 400) else {
                Issue.record("no key")
                return
            }
            counts[key.id, default: 0] += 1
        }
        #expect(counts == ["k0": 300, "k1": 100])
        try states.setPaused(true, provider: "pool", key: "k0")
        #expect(states.availability(of: "pool", random: 0.1) == .available(provider.keys[1]))
        #expect(states.alternateKey(of: "pool", excluding: ["k1"]) == nil)  // k0 is paused
        try states.setPaused(false, provider: "pool", key: "k0")
        #expect(states.alternateKey(of: "pool", excluding: ["k1"])?.id == "k0")
    }

    @Test("the models list names routes, then provider/model pairs once each")
    func modelIDs() {
        let ids = RouteTable(config: config).modelIDs.map(\.id)
        #expect(ids == ["gpt-4o", "org/custom", "openai-main/gpt-4o-2024-08-06", "local/llama", "local/custom"])
    }
}
