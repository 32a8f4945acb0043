import Engine
import Foundation
import MockProvider
import Server
import SignalboxCore
import Testing
import Upstream

/// The semantic cache over loopback: questions embedded through the mock provider's deterministic
/// embeddings (texts sharing words are close), answers from the closest cached question.
@Suite("Semantic cache end to end")
struct SemanticCacheEndToEndTests {
    static let route = ModelRoute(
        name: "semantic", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")],
        cache: RouteCacheConfig(exact: true, semanticThreshold: 0.8))

    static func chat(_ question: String, system: String? = nil) -> String {
        let prefix = system.map { #"{"role":"system","content":"\#($0)"},"# } ?? ""
        return #"{"model":"semantic","temperature":0,"messages":[\#(prefix){"role":"user","content":"\#(question)"}]}"#
    }

    static func start(faults: MockFaults = MockFaults()) async throws -> GatewayHarness {
        try await GatewayHarness.start(faults: faults, extraRoutes: [route], cache: CacheConfig(embeddingRoute: "embed-test"))
    }

    @Test("a paraphrase is a semantic hit with its similarity; an unrelated question and another system prompt miss")
    func paraphrase() async throws {
        let harness = try await Self.start()
        func ask(_ body: String) async throws -> (status: Int, headers: [HTTPField], body: String) {
            let response = try await harness.send(harness.request("/chat/completions", body: body))
            // The embedding request finishes too: wait for the chat's own finish event.
            while let finished = await harness.nextFinished(), finished.endpoint != .chatCompletions {}
            return response
        }
        let first = try await ask(Self.chat("what is the capital city of france"))
        let chatsAfterFirst = harness.mock.recordedRequests.filter { $0.path.hasSuffix("/chat/completions") }.count
        let paraphrase = try await ask(Self.chat("what is the capital of france"))
        let chatsAfterParaphrase = harness.mock.recordedRequests.filter { $0.path.hasSuffix("/chat/completions") }.count
        let unrelated = try await ask(Self.chat("recommend a good pasta recipe for dinner"))
        let otherSystem = try await ask(Self.chat("what is the capital of france", system: "answer in german"))
        let embeddings = harness.mock.recordedRequests.filter { $0.path.hasSuffix("/embeddings") }.count
        await harness.stop()

        #expect(first.headers.first("x-signalbox-cache") == "miss")
        #expect(paraphrase.headers.first("x-signalbox-cache") == "hit-semantic", "\(paraphrase.headers)")
        let similarity = try #require(paraphrase.headers.first("x-signalbox-cache-similarity").flatMap(Double.init))
        #expect(similarity >= 0.8 && similarity < 1)
        #expect(paraphrase.body == first.body, "the cached answer")
        #expect(chatsAfterFirst == 1 && chatsAfterParaphrase == 1, "the hit made no chat call")
        #expect(unrelated.headers.first("x-signalbox-cache") == "miss")
        #expect(otherSystem.headers.first("x-signalbox-cache") == "miss", "another system prompt is another partition")
        #expect(embeddings == 4, "each question was embedded once")
    }

    @Test("a route with only a semantic cache: a paraphrase hits, an identical repeat too (through the index), nothing exact is stored")
    func semanticOnly() async throws {
        let route = ModelRoute(
            name: "semantic", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")], cache: RouteCacheConfig(semanticThreshold: 0.8))
        let harness = try await GatewayHarness.start(extraRoutes: [route], cache: CacheConfig(embeddingRoute: "embed-test"))
        func ask(_ question: String) async throws -> String? {
            let response = try await harness.send(harness.request("/chat/completions", body: Self.chat(question)))
            while let finished = await harness.nextFinished(), finished.endpoint != .chatCompletions {}
            return response.headers.first("x-signalbox-cache")
        }
        let first = try await ask("what is the capital city of france")
        let paraphrase = try await ask("what is the capital of france")
        let stats = harness.runtime.controlPlane.cacheStats()
        await harness.stop()
        #expect(first == "miss")
        #expect(paraphrase == "hit-semantic")
        #expect(stats?.stats.entries == 0, "no exact entries on a semantic-only route")
    }

    @Test("an embedding that fails only skips the cache: the request is answered by the provider")
    func embeddingFailure() async throws {
        let embedOnBackup = ModelRoute(name: "embed-backup", targets: [RouteTarget(provider: "mock-backup", model: "backup-embed")])
        let harness = try await GatewayHarness.start(
            withBackup: true, retries: RetryConfig(maxAttempts: 1), extraRoutes: [Self.route, embedOnBackup],
            cache: CacheConfig(embeddingRoute: "embed-backup"))
        harness.backup?.setFaults(MockFaults(status: 500))
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("is the cache optional")))
        let embeddingCalls = harness.backup?.recordedRequests.count ?? 0
        await harness.stop()
        #expect(response.status == 200, "\(response.body)")
        #expect(response.headers.first("x-signalbox-cache") == "miss")
        #expect(embeddingCalls == 1, "the embedding was tried")
    }
}
