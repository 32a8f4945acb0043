import Foundation
import SignalboxCore
import Testing

@testable import Engine

@Suite("Cost routing")
struct RouteTableCostTests {
    static let providers = [
        ProviderConfig(id: "claude", kind: .anthropic, baseURL: "https://anthropic.example.test/v1"),
        ProviderConfig(id: "local", kind: .openaiCompatible, baseURL: "http://127.0.0.1:11434/v1"),
    ]

    static func config(targets: [RouteTarget], pricing: [PriceOverride] = []) -> GatewayConfig {
        GatewayConfig(providers: providers, models: [ModelRoute(name: "smart", strategy: .cost, targets: targets)], pricing: pricing)
    }

    @Test("strategy cost puts the cheapest known price first and names it in the reason")
    func cheapestFirst() throws {
        // Sonnet 4.5 blends (3 + 15) / 2 = 9 $/M tokens, Haiku 4.5 (1 + 5) / 2 = 3; the local model has no price.
        let table = RouteTable(
            config: Self.config(targets: [
                RouteTarget(provider: "local", model: "llama"), RouteTarget(provider: "claude", model: "claude-sonnet-4-5-20250929"),
                RouteTarget(provider: "claude", model: "claude-haiku-4-5"),
            ]))
        let plan = try table.plan("smart", health: nil, nowNs: 0, random: 0)
        #expect(plan.targets.map(\.model) == ["claude-haiku-4-5", "claude-sonnet-4-5-20250929", "llama"])
        #expect(plan.reason == "cost: claude/claude-haiku-4-5 cheapest at $3/M tokens")
        #expect(plan.targets[0].price?.outputPerMTok == 5)
        #expect(plan.targets[2].price == nil)
    }

    @Test("a config override changes the order: provider override, then kind, then catalog")
    func overrideWins() throws {
        let pricing = [
            PriceOverride(
                scope: .provider("local"), model: "llama",
                price: ModelPrice(inputPerMTok: Decimal(string: "0.1")!, outputPerMTok: Decimal(string: "0.2")!)),
            PriceOverride(scope: .kind(.anthropic), model: "claude-haiku-4-5", price: ModelPrice(inputPerMTok: 20, outputPerMTok: 20)),
        ]
        let table = RouteTable(
            config: Self.config(
                targets: [
                    RouteTarget(provider: "claude", model: "claude-haiku-4-5"), RouteTarget(provider: "claude", model: "claude-sonnet-4-5"),
                    RouteTarget(provider: "local", model: "llama"),
                ], pricing: pricing))
        let plan = try table.plan("smart", health: nil, nowNs: 0, random: 0)
        #expect(plan.targets.map(\.model) == ["llama", "claude-sonnet-4-5", "claude-haiku-4-5"])
        #expect(plan.reason == "cost: local/llama cheapest at $0.15/M tokens")
        #expect(plan.targets[2].price?.inputPerMTok == 20)
    }

    @Test("with no price known the route keeps its configured order")
    func noPrices() throws {
        let table = RouteTable(
            config: Self.config(targets: [RouteTarget(provider: "local", model: "b"), RouteTarget(provider: "local", model: "a")]))
        let plan = try table.plan("smart", health: nil, nowNs: 0, random: 0)
        #expect(plan.targets.map(\.model) == ["b", "a"])
        #expect(plan.reason == "cost: no prices known; local/b first in order")
    }

    @Test("a target addressed as provider/model carries its price too")
    func directAddressing() throws {
        let table = RouteTable(config: Self.config(targets: [RouteTarget(provider: "local", model: "a")]))
        #expect(try table.resolve("claude/claude-opus-4-1-20250805").price?.outputPerMTok == 75)
        #expect(try table.resolve("local/whatever").price == nil)
    }
}
