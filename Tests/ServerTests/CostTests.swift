import Engine
import Foundation
import Logging
import MockProvider
import NIOCore
import Server
import SignalboxCore
import Testing
import Upstream

/// The cost of a request end to end: a gateway over the mock provider (whose usage is
/// deterministic) with a `pricing:` override for the mock's model.
@Suite("Cost end to end")
struct CostTests {
    static let providerKey = "sk-mock-provider-key-cost-0001"
    /// $2.50 in, $10 out per million tokens.
    static let price = ModelPrice(inputPerMTok: Decimal(string: "2.5")!, outputPerMTok: 10)

    /// A gateway whose route `priced` has a price and `unpriced` has none.
    struct Setup {
        let mock: MockProviderServer
        let runtime: GatewayRuntime
        let client: CurlUpstreamClient
        let events: EventSubscription
        let baseURL: String

        static func start() async throws -> Setup {
            var configuration = MockProviderConfiguration()
            configuration.apiKey = CostTests.providerKey
            let mock = MockProviderServer(configuration: configuration)
            _ = try await mock.start()
            let provider = ProviderConfig(
                id: "mock-openai", kind: .openai, baseURL: mock.baseURL,
                keys: [ProviderKeyConfig(id: "primary", secret: Secret(CostTests.providerKey))])
            let config = GatewayConfig(
                server: ServerConfig(listen: ListenAddress(host: "127.0.0.1", port: 0), adminListen: ListenAddress(host: "127.0.0.1", port: 0)),
                providers: [provider],
                models: [
                    ModelRoute(name: "priced", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")]),
                    ModelRoute(name: "unpriced", targets: [RouteTarget(provider: "mock-openai", model: "mock-other")]),
                ],
                pricing: [PriceOverride(scope: .provider("mock-openai"), model: "mock-gpt", price: CostTests.price)])
            var logger = Logger(label: "test.cost")
            logger.logLevel = .critical
            let runtime = GatewayRuntime(config: config, logger: logger, eventLoops: 1)
            let events = runtime.bus.subscribe(capacity: 1_000)
            let ports = try await runtime.start()
            let client = CurlUpstreamClient(maxHostConnections: 4, logger: logger)
            return Setup(mock: mock, runtime: runtime, client: client, events: events, baseURL: "http://127.0.0.1:\(ports.proxy)/v1")
        }

        func stop() async {
            client.shutdown()
            events.cancel()
            _ = await runtime.shutdown()
            await mock.stop()
        }

        func chat(model: String, stream: Bool = false) async throws -> (headers: [HTTPField], body: String) {
            let body = #"{"model":"\#(model)","stream":\#(stream),"messages":[{"role":"user","content":"how much does this cost"}]}"#
            let request = OutboundRequest(
                method: .post, url: baseURL + "/chat/completions",
                headers: [HTTPField("Content-Type", "application/json"), HTTPField("Authorization", "Bearer sk-client-cost-0002")],
                body: Array(body.utf8), timeouts: ProviderTimeouts(connectMs: 2_000, firstByteMs: 20_000, idleMs: 20_000, totalMs: 30_000),
                httpVersion: .http1)
            let response = try await client.execute(request)
            var buffer = ByteBuffer()
            for try await var part in response.body { buffer.writeBuffer(&part) }
            #expect(response.head.status == 200)
            return (response.head.headers, String(buffer: buffer))
        }

        func nextFinished() async -> RequestFinished? {
            for await event in events {
                if case .requestFinished(let finished) = event { return finished }
            }
            return nil
        }
    }

    @Test("a priced non-streamed answer carries x-signalbox-cost-usd, and the finish event the same cost")
    func nonStreamed() async throws {
        let setup = try await Setup.start()
        let response = try await setup.chat(model: "priced")
        let finished = await setup.nextFinished()
        await setup.stop()

        let answer = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(response.body.utf8))
        let usage = try #require(answer.usage)
        // The mock counts words: the prompt "how much does this cost" is 5 tokens.
        #expect(usage.promptTokens == 5)
        #expect(usage.completionTokens > 0)
        // prompt × 2.5 / 1e6 + completion × 10 / 1e6
        let expected = Decimal(usage.promptTokens) * Decimal(string: "2.5")! / 1_000_000 + Decimal(usage.completionTokens) * 10 / 1_000_000
        let header = try #require(response.headers.first("x-signalbox-cost-usd"))
        #expect(Decimal(string: header) == expected)
        let event = try #require(finished)
        #expect(event.costUSD == expected)
        #expect(event.usage == usage)
    }

    @Test("a stream has no cost header (the head leaves first) but its finish event has the cost")
    func streamed() async throws {
        let setup = try await Setup.start()
        let response = try await setup.chat(model: "priced", stream: true)
        let finished = await setup.nextFinished()
        await setup.stop()

        #expect(response.headers.first("x-signalbox-cost-usd") == nil)
        let event = try #require(finished)
        let usage = try #require(event.usage)
        let expected = Decimal(usage.promptTokens) * Decimal(string: "2.5")! / 1_000_000 + Decimal(usage.completionTokens) * 10 / 1_000_000
        #expect(event.costUSD == expected)
        #expect(expected > 0)
    }

    @Test("a target without a price: no header, no cost, usage still accounted")
    func unpriced() async throws {
        let setup = try await Setup.start()
        let response = try await setup.chat(model: "unpriced")
        let finished = await setup.nextFinished()
        await setup.stop()

        #expect(response.headers.first("x-signalbox-cost-usd") == nil)
        let event = try #require(finished)
        #expect(event.costUSD == nil)
        #expect(event.usage?.promptTokens == 5)
    }
}
