import Foundation
import SignalboxCore
import Testing

@Suite("Cache config")
struct CacheConfigTests {
    static let routes = openAIProviderYAML + """

        models:
          - { name: chat, targets: [ { provider: openai-main, model: gpt-4o } ], cache: { exact: true, semantic: { threshold: 0.93 }, ttl: 30m, namespace: shared, nondeterministic: true } }
          - { name: embed, targets: [ { provider: openai-main, model: text-embedding-3-small } ] }
        """

    @Test("route cache options and the cache section")
    func parses() throws {
        let config = try parseConfig(
            Self.routes + """

                cache: { max_entries: 500, max_bytes: 1048576, embedding_route: embed, semantic_max_entries: 2000 }
                """)
        #expect(config.models[0].cache == RouteCacheConfig(exact: true, semanticThreshold: 0.93, ttlSeconds: 1_800, shared: true, nondeterministic: true))
        #expect(config.cache == CacheConfig(maxEntries: 500, maxBytes: 1_048_576, embeddingRoute: "embed", semanticMaxEntries: 2_000))
        #expect(config.models[1].cache == nil)
    }

    @Test(
        "bad cache settings name the key path",
        arguments: [
            ("cache: { embedding_route: embedd }", "cache.embedding_route"),
            ("cache: { embedding_route: embed, max_entries: 0 }", "cache.max_entries"),
            ("cache: { embedding_route: embed, spill: true }", "cache.spill"),
        ])
    func errors(snippet: String, keyPath: String) {
        let errors = configErrors(Self.routes + "\n" + snippet)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.keyPath == keyPath, "\(errors)")
    }

    @Test("a semantic cache without an embedding route is a warning that says what to add")
    func semanticNeedsEmbeddings() throws {
        let config = try parseConfig(Self.routes)
        let warnings = ConfigLoader.warnings(for: config).filter { $0.contains("semantic cache") }
        #expect(warnings.count == 1)
        #expect(warnings.first?.contains("embedding_route") == true)
        let configured = try parseConfig(Self.routes + "\ncache: { embedding_route: embed }\n")
        #expect(ConfigLoader.warnings(for: configured).allSatisfy { !$0.contains("semantic cache") })
    }

    @Test("namespace takes key or shared only")
    func namespace() {
        let errors = configErrors(openAIProviderYAML + """

            models:
              - { name: chat, targets: [ { provider: openai-main, model: gpt-4o } ], cache: { exact: true, namespace: team } }
            """)
        #expect(errors.first?.keyPath == "models[0].cache.namespace", "\(errors)")
    }
}
