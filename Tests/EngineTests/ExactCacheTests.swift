import Engine
import Foundation
import SignalboxCore
import Testing

@Suite("Exact cache key")
struct ExactCacheKeyTests {
    static func key(_ json: String, route: String = "gpt-4o", namespace: ExactCacheKey.Namespace = .shared) throws -> ExactCacheKey {
        let request = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8))
        return try ExactCacheKey(route: route, request: request, namespace: namespace)
    }

    static let base = #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi"}],"max_tokens":20}"#

    @Test("field order, number spelling and fields that do not change the answer give the same key")
    func normalization() throws {
        let reference = try Self.key(Self.base)
        let variants = [
            #"{"max_tokens":20,"messages":[{"content":"hi","role":"user"}],"temperature":0.0,"model":"gpt-4o"}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi"}],"max_tokens":20,"stream":true}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi"}],"max_tokens":20,"stream":true,"stream_options":{"include_usage":true}}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi"}],"max_tokens":20,"user":"end-user-7","metadata":{"app":"x"}}"#,
        ]
        for variant in variants { #expect(try Self.key(variant) == reference, "\(variant)") }
    }

    @Test("anything that can change the answer gives another key")
    func differences() throws {
        let reference = try Self.key(Self.base)
        let different = [
            #"{"model":"gpt-4o","temperature":0.2,"messages":[{"role":"user","content":"hi"}],"max_tokens":20}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi"}],"max_tokens":21}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi!"}],"max_tokens":20}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hi"}],"max_tokens":20}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi"}],"max_tokens":20,"seed":7}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi"}],"max_tokens":20,"response_format":{"type":"json_object"}}"#,
            #"{"model":"gpt-4o","temperature":0,"messages":[{"role":"user","content":"hi"}],"max_tokens":20,"tools":[{"type":"function","function":{"name":"f"}}]}"#,
        ]
        var keys: Set<ExactCacheKey> = [reference]
        for variant in different { keys.insert(try Self.key(variant)) }
        #expect(keys.count == different.count + 1, "every variant has its own key")
        #expect(try Self.key(Self.base, route: "other-route") != reference)
        #expect(try Self.key(Self.base, namespace: .key("vk_a")) != reference)
        #expect(try Self.key(Self.base, namespace: .key("vk_a")) != Self.key(Self.base, namespace: .key("vk_b")), "no sharing across keys")
    }

    @Test("only temperature 0 is deterministic (providers default to 1)")
    func determinism() throws {
        func request(_ json: String) throws -> ChatCompletionRequest { try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(json.utf8)) }
        #expect(try request(Self.base).isDeterministic)
        #expect(try !request(#"{"model":"m","messages":[]}"#).isDeterministic)
        #expect(try !request(#"{"model":"m","messages":[],"temperature":0.7}"#).isDeterministic)
    }
}

@Suite("Exact cache store")
struct ExactCacheStoreTests {
    static func entry(_ text: String, expiresMs: Int64 = 10_000, bytes: Int? = nil) -> ExactCache.Entry {
        ExactCache.Entry(
            body: bytes.map { [UInt8](repeating: 65, count: $0) } ?? Array(text.utf8), usage: Usage(promptTokens: 1, completionTokens: 2),
            route: "r", provider: "p", model: "m", namespace: .shared, createdMs: 0, expiresMs: expiresMs)
    }

    static func key(_ name: String) -> ExactCacheKey { ExactCacheKey(hex: name) }

    @Test("an entry is served until its TTL, then gone")
    func ttl() {
        let cache = ExactCache(maxEntries: 10, maxBytes: 1 << 20)
        cache.store(Self.key("a"), Self.entry("answer", expiresMs: 1_000))
        #expect(cache.lookup(Self.key("a"), nowMs: 999)?.body == Array("answer".utf8))
        #expect(cache.lookup(Self.key("a"), nowMs: 1_000) == nil)
        #expect(cache.stats.entries == 0)
        #expect(cache.stats.expirations == 1)
        #expect(cache.stats.hits == 1 && cache.stats.misses == 1)
    }

    @Test("over the entry bound the least recently used goes first; a lookup makes an entry recent")
    func lruByCount() {
        let cache = ExactCache(maxEntries: 3, maxBytes: 1 << 20)
        for name in ["a", "b", "c"] { cache.store(Self.key(name), Self.entry(name)) }
        _ = cache.lookup(Self.key("a"), nowMs: 0)
        cache.store(Self.key("d"), Self.entry("d"))
        #expect(cache.lookup(Self.key("b"), nowMs: 0) == nil, "b was the least recently used")
        for name in ["a", "c", "d"] { #expect(cache.lookup(Self.key(name), nowMs: 0) != nil, "\(name)") }
        #expect(cache.stats.evictions == 1)
        #expect(cache.snapshot().map(\.key.hex) == ["d", "c", "a"], "most recent first")
    }

    @Test("the byte budget evicts too; an entry larger than the budget is not stored; replacing keeps one entry")
    func lruByBytes() {
        let cache = ExactCache(maxEntries: 100, maxBytes: 3 * (1_000 + 256))
        for name in ["a", "b", "c", "d"] { cache.store(Self.key(name), Self.entry(name, bytes: 1_000)) }
        #expect(cache.stats.entries == 3)
        #expect(cache.lookup(Self.key("a"), nowMs: 0) == nil)
        cache.store(Self.key("huge"), Self.entry("huge", bytes: 10_000))
        #expect(cache.lookup(Self.key("huge"), nowMs: 0) == nil)
        cache.store(Self.key("b"), Self.entry("b2"))
        #expect(cache.lookup(Self.key("b"), nowMs: 0)?.body == Array("b2".utf8))
        #expect(cache.stats.entries == 3)
        #expect(cache.stats.bytes == 2 * (1_000 + 256) + 2 + 256)
    }

    @Test("purge removes what matches, by route or namespace")
    func purge() {
        let cache = ExactCache(maxEntries: 10, maxBytes: 1 << 20)
        var mine = Self.entry("x")
        mine.namespace = .key("vk_1")
        cache.store(Self.key("mine"), mine)
        cache.store(Self.key("shared"), Self.entry("y"))
        #expect(cache.purge { _, entry in entry.namespace == .key("vk_1") } == 1)
        #expect(cache.lookup(Self.key("mine"), nowMs: 0) == nil)
        #expect(cache.lookup(Self.key("shared"), nowMs: 0) != nil)
    }

    @Test("concurrent stores and lookups keep the bounds and the count right")
    func concurrent() async {
        let cache = ExactCache(maxEntries: 500, maxBytes: 1 << 24)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<400 {
                        cache.store(Self.key("\(worker)-\(index)"), Self.entry("\(index)"))
                        _ = cache.lookup(Self.key("\(worker)-\(index / 2)"), nowMs: 0)
                    }
                }
            }
        }
        #expect(cache.stats.entries == 500)
        #expect(cache.snapshot().count == 500)
        #expect(cache.stats.evictions == 8 * 400 - 500)
    }
}
