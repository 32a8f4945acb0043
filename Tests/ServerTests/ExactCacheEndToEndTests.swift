import Engine
import Foundation
import MockProvider
import Server
import SignalboxCore
import Store
import Testing
import Upstream

/// The exact cache over loopback: a real gateway over the mock provider, routes with `cache.exact`.
@Suite("Exact cache end to end")
struct ExactCacheEndToEndTests {
    static let routes = [
        ModelRoute(name: "cached", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")], cache: RouteCacheConfig(exact: true)),
        ModelRoute(
            name: "cached-any", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")],
            cache: RouteCacheConfig(exact: true, shared: true, nondeterministic: true)),
    ]

    static func chat(_ route: String = "cached", text: String = "what is cached?", stream: Bool = false, extra: String = #","temperature":0"#)
        -> String
    {
        let streaming = stream ? #","stream":true,"stream_options":{"include_usage":true}"# : ""
        return #"{"model":"\#(route)","messages":[{"role":"user","content":"\#(text)"}]\#(extra)\#(streaming)}"#
    }

    static func cacheHeader(_ response: (status: Int, headers: [HTTPField], body: String)) -> String? {
        response.headers.first("x-signalbox-cache")
    }

    /// The content of an SSE answer's chunks, and whether it ended with `[DONE]`.
    static func streamed(_ body: String) throws -> (content: String, usage: Usage?, done: Bool) {
        var content = ""
        var usage: Usage?
        var done = false
        for line in body.split(separator: "\n") where line.hasPrefix("data: ") {
            let data = line.dropFirst(6)
            if data == "[DONE]" {
                done = true
                continue
            }
            let chunk = try JSONDecoder().decode(ChatCompletionChunk.self, from: Data(data.utf8))
            content += chunk.choices.compactMap(\.delta.content).joined()
            if let chunkUsage = chunk.usage { usage = chunkUsage }
        }
        return (content, usage, done)
    }

    @Test("a repeated request is answered from the cache: same body, hit-exact, no upstream call; field order does not matter")
    func nonStreamedHit() async throws {
        let harness = try await GatewayHarness.start(pricing: GovernanceTests.pricing, extraRoutes: Self.routes)
        let first = try await harness.send(harness.request("/chat/completions", body: Self.chat()))
        let missEvent = await harness.nextFinished()
        let upstreamAfterFirst = harness.mock.recordedRequests.count
        let reordered = #"{"temperature":0.0,"messages":[{"content":"what is cached?","role":"user"}],"model":"cached"}"#
        let second = try await harness.send(harness.request("/chat/completions", body: reordered))
        let hitEvent = await harness.nextFinished()
        let different = try await harness.send(harness.request("/chat/completions", body: Self.chat(extra: #","temperature":0,"max_tokens":5"#)))
        let upstreamAfterAll = harness.mock.recordedRequests.count
        await harness.stop()

        #expect(first.status == 200 && second.status == 200)
        #expect(Self.cacheHeader(first) == "miss")
        #expect(Self.cacheHeader(second) == "hit-exact")
        #expect(second.body == first.body, "the cached answer, byte for byte")
        #expect(second.headers.first("x-signalbox-attempts") == "0")
        #expect(second.headers.first("x-signalbox-provider") == "mock-openai")
        #expect(missEvent?.cache == "miss")
        #expect(hitEvent?.cache == "hit-exact" && hitEvent?.attempts == 0 && hitEvent?.costUSD == nil)
        #expect(missEvent?.costMicros != nil)
        #expect(hitEvent?.savedCostMicros == missEvent?.costMicros, "a hit saves what the miss cost")
        #expect(hitEvent?.cachePrompt == "what is cached?")
        #expect(Self.cacheHeader(different) == "miss", "another max_tokens is another answer")
        #expect(upstreamAfterFirst == 1 && upstreamAfterAll == 2, "the hit made no upstream call")
    }

    @Test("a streamed miss is recorded and serves a non-streamed request; a non-streamed answer serves a stream, usage chunk included")
    func streamsBothWays() async throws {
        let harness = try await GatewayHarness.start(extraRoutes: Self.routes)
        let streamedMiss = try await harness.send(harness.request("/chat/completions", body: Self.chat(text: "stream first", stream: true)))
        _ = await harness.nextFinished()
        let plainHit = try await harness.send(harness.request("/chat/completions", body: Self.chat(text: "stream first")))
        _ = await harness.nextFinished()
        let plainMiss = try await harness.send(harness.request("/chat/completions", body: Self.chat(text: "plain first")))
        _ = await harness.nextFinished()
        let streamedHit = try await harness.send(harness.request("/chat/completions", body: Self.chat(text: "plain first", stream: true)))
        let upstream = harness.mock.recordedRequests.count
        await harness.stop()

        #expect(Self.cacheHeader(streamedMiss) == "miss")
        let missed = try Self.streamed(streamedMiss.body)
        #expect(missed.done && !missed.content.isEmpty)
        #expect(Self.cacheHeader(plainHit) == "hit-exact")
        let hitAnswer = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(plainHit.body.utf8))
        #expect(hitAnswer.choices.first?.message.content?.plainText == missed.content, "the stream's chunks, assembled")
        #expect(hitAnswer.usage == missed.usage)

        #expect(Self.cacheHeader(plainMiss) == "miss")
        #expect(Self.cacheHeader(streamedHit) == "hit-exact")
        #expect(streamedHit.headers.first("content-type") == "text/event-stream")
        let replayed = try Self.streamed(streamedHit.body)
        let plainAnswer = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(plainMiss.body.utf8))
        #expect(replayed.done)
        #expect(replayed.content == plainAnswer.choices.first?.message.content?.plainText)
        #expect(replayed.usage == plainAnswer.usage, "include_usage gets the usage chunk")
        #expect(upstream == 2, "two misses went upstream, the hits did not")
    }

    @Test("no-cache skips the lookup but refreshes the entry; no-store bypasses; a sampled request is not cached unless the route says so")
    func controls() async throws {
        let harness = try await GatewayHarness.start(extraRoutes: Self.routes)
        func send(_ body: String, directive: String? = nil) async throws -> (status: Int, headers: [HTTPField], body: String) {
            var request = harness.request("/chat/completions", body: body)
            if let directive { request.headers.append(HTTPField("x-signalbox-cache", directive)) }
            let response = try await harness.send(request)
            _ = await harness.nextFinished()
            return response
        }
        let first = try await send(Self.chat(text: "controls"))
        let noCache = try await send(Self.chat(text: "controls"), directive: "no-cache")
        let noStore = try await send(Self.chat(text: "never stored"), directive: "no-store")
        let afterNoStore = try await send(Self.chat(text: "never stored"))
        let sampled = try await send(Self.chat(text: "sampled", extra: #","temperature":0.7"#))
        let sampledAgain = try await send(Self.chat(text: "sampled", extra: #","temperature":0.7"#))
        let anyFirst = try await send(Self.chat("cached-any", text: "sampled", extra: ""))
        let anySecond = try await send(Self.chat("cached-any", text: "sampled", extra: ""))
        await harness.stop()

        #expect(Self.cacheHeader(first) == "miss")
        #expect(Self.cacheHeader(noCache) == "miss", "no-cache does not look up")
        #expect(Self.cacheHeader(noStore) == "bypass")
        #expect(Self.cacheHeader(afterNoStore) == "miss", "no-store stored nothing")
        #expect(Self.cacheHeader(sampled) == "bypass" && Self.cacheHeader(sampledAgain) == "bypass")
        #expect(Self.cacheHeader(anyFirst) == "miss" && Self.cacheHeader(anySecond) == "hit-exact", "nondeterministic: true caches it")
    }

    @Test("entries are kept per virtual key unless the route shares them")
    func namespaces() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-cache-\(UUID().uuidString).db")
        defer { try? FileManager.default.removeItem(at: url) }
        let keys = SQLiteKeyStore(database: try SignalboxDatabase(path: url.path))
        let alice = try await keys.create(VirtualKeyDraft(name: "alice")).secret.reveal()
        let bob = try await keys.create(VirtualKeyDraft(name: "bob")).secret.reveal()
        let harness = try await GatewayHarness.start(keyDirectory: keys, extraRoutes: Self.routes)
        func send(_ body: String, _ key: String) async throws -> String? {
            let response = try await harness.send(harness.request("/chat/completions", body: body, clientKey: key))
            _ = await harness.nextFinished()
            return Self.cacheHeader(response)
        }
        let aliceFirst = try await send(Self.chat(text: "per key"), alice)
        let bobFirst = try await send(Self.chat(text: "per key"), bob)
        let aliceAgain = try await send(Self.chat(text: "per key"), alice)
        let sharedAlice = try await send(Self.chat("cached-any", text: "shared"), alice)
        let sharedBob = try await send(Self.chat("cached-any", text: "shared"), bob)
        await harness.stop()

        #expect(aliceFirst == "miss")
        #expect(bobFirst == "miss", "bob does not see alice's entry")
        #expect(aliceAgain == "hit-exact")
        #expect(sharedAlice == "miss" && sharedBob == "hit-exact")
    }

    @Test("entries survive a restart through the store; a purge removes them there too and is audited")
    func persistenceAndPurge() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-cache-\(UUID().uuidString).db")
        defer { try? FileManager.default.removeItem(at: url) }
        let database = try SignalboxDatabase(path: url.path)
        let secret = try await SQLiteKeyStore(database: database).create(VirtualKeyDraft(name: "app")).secret.reveal()
        func ask(_ harness: GatewayHarness, _ text: String) async throws -> String? {
            let response = try await harness.send(harness.request("/chat/completions", body: Self.chat(text: text), clientKey: secret))
            _ = await harness.nextFinished()
            return Self.cacheHeader(response)
        }
        let first = try await GatewayHarness.start(database: database, extraRoutes: Self.routes)
        let before = try await ask(first, "kept across restarts")
        let purgedLater = try await ask(first, "purged later")
        await first.stop()

        let second = try await GatewayHarness.start(database: database, extraRoutes: Self.routes)
        let afterRestart = try await ask(second, "kept across restarts")
        let upstreamAfterRestart = second.mock.recordedRequests.count
        let purge = await second.runtime.controlPlane.execute(.purgeCache(CachePurge(route: "cached", olderThanSeconds: 0)), actor: "test")
        let afterPurge = try await ask(second, "purged later")
        try await second.runtime.flushStore()
        let rows = try await SQLiteCacheStore(database: database).count()
        let audit = try await SQLiteAuditLog(database: database).entries(after: 0, limit: 100)
        await second.stop()

        #expect(before == "miss" && purgedLater == "miss")
        #expect(afterRestart == "hit-exact", "loaded from the store at start")
        #expect(upstreamAfterRestart == 0)
        #expect(purge == .done("purged 2 cache entries of route cached, older than 0s"))
        #expect(afterPurge == "miss")
        #expect(rows == 1, "the purge deleted the stored rows; the fresh answer is stored again")
        #expect(audit.last?.action == "cache.purge" && audit.last?.target == "cached")
    }
}
