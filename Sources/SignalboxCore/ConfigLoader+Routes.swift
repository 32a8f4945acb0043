/// The `models:` section (public route name → provider targets), and its references to providers and
/// to other routes.
extension ConfigLoader {
    static let routeKeys = ["name", "strategy", "targets", "fallbacks", "cache"]

    static func decodeRoutes(_ node: ConfigNode?, providers: DecodedProviders, _ decoder: ConfigDecoder) -> [ModelRoute] {
        guard let node, let elements = decoder.sequence(node) else { return [] }
        var routes: [ModelRoute] = []
        var names: [(name: String, node: ConfigNode)] = []
        var namesComplete = true
        var fallbackReferences: [(name: String, node: ConfigNode)] = []
        for element in elements {
            guard
                let mapping = decoder.mapping(
                    element, allowed: routeKeys,
                    synonyms: [
                        "model": "name", "id": "name", "routing": "strategy", "target": "targets", "providers": "targets",
                        "fallback": "fallbacks",
                    ])
            else {
                namesComplete = false
                continue
            }
            var name: String?
            if let nameNode = decoder.required("name", in: mapping, hint: "the model name clients send, e.g. gpt-4o") {
                name = decoder.string(nameNode)
                if let name {
                    if let first = names.first(where: { $0.name == name }) {
                        decoder.record(.duplicate("duplicate route name '\(name)'", at: decoder.location(nameNode), hint: firstDefined(first.node)))
                    } else {
                        names.append((name, nameNode))
                    }
                }
            }
            if name == nil { namesComplete = false }
            var strategy = RoutingStrategy.weighted
            if let value = mapping["strategy"], let parsed = decoder.choice(value, RoutingStrategy.self) { strategy = parsed }
            let targets = decoder.required("targets", in: mapping, hint: "e.g. targets: [ { provider: openai-main, model: gpt-4o } ]")
                .flatMap { decodeTargets($0, providers: providers, decoder) }
            var fallbacks: [String] = []
            if let value = mapping["fallbacks"], let elements = decoder.sequence(value) {
                for element in elements {
                    guard let fallback = decoder.string(element) else { continue }
                    if fallback == name {
                        decoder.record(
                            .invalidValue(
                                "route '\(fallback)' falls back to itself", at: decoder.location(element),
                                hint: "fallbacks name other routes to try when every target of this one failed"))
                        continue
                    }
                    fallbacks.append(fallback)
                    fallbackReferences.append((fallback, element))
                }
            }
            var cache: RouteCacheConfig?
            if let value = mapping["cache"] { cache = decodeCache(value, decoder) }
            guard let name, let targets else { continue }
            routes.append(ModelRoute(name: name, strategy: strategy, targets: targets, fallbacks: fallbacks, cache: cache))
        }
        if namesComplete {
            let defined = names.map(\.name)
            for reference in fallbackReferences where !defined.contains(reference.name) {
                decoder.record(
                    .undefinedReference(
                        "fallback route '\(reference.name)' is not defined", at: decoder.location(reference.node),
                        hint: referenceHint(reference.name, among: defined, kind: "routes", section: "models")))
            }
        }
        return routes
    }

    static func decodeTargets(_ node: ConfigNode, providers: DecodedProviders, _ decoder: ConfigDecoder) -> [RouteTarget]? {
        guard let elements = decoder.sequence(node) else { return nil }
        guard !elements.isEmpty else {
            decoder.record(
                .invalidValue(
                    "a route needs at least one target", at: decoder.location(node),
                    hint: "e.g. targets: [ { provider: openai-main, model: gpt-4o } ]"))
            return nil
        }
        var targets: [RouteTarget] = []
        var valid = true
        for element in elements {
            guard
                let mapping = decoder.mapping(
                    element, allowed: ["provider", "model", "weight"],
                    synonyms: ["provider_id": "provider", "id": "provider", "name": "model", "model_name": "model", "priority": "weight"])
            else {
                valid = false
                continue
            }
            var provider: String?
            if let providerNode = decoder.required("provider", in: mapping, hint: "the id of a provider under 'providers'") {
                provider = decoder.string(providerNode)
                if let id = provider, providers.complete, providers.node(forID: id) == nil {
                    decoder.record(
                        .undefinedReference(
                            "provider '\(id)' is not defined", at: decoder.location(providerNode),
                            hint: referenceHint(id, among: providers.ids.map(\.id), kind: "providers", section: "providers")))
                    provider = nil
                }
            }
            let model = decoder.required("model", in: mapping, hint: "the provider's model name, e.g. gpt-4o").flatMap { decoder.string($0) }
            let weight = decoder.weight(in: mapping, hint: "0 keeps the target for fallback only")
            if weight == nil { valid = false }
            guard let provider, let model else {
                valid = false
                continue
            }
            targets.append(RouteTarget(provider: provider, model: model, weight: weight ?? 1))
        }
        guard valid else { return nil }
        if targets.allSatisfy({ $0.weight == 0 }) {
            decoder.record(
                .invalidValue(
                    "every target has weight 0, so the route can never be served", at: decoder.location(node),
                    hint: "give at least one target a weight above 0"))
            return nil
        }
        return targets
    }

    static func decodeCache(_ node: ConfigNode, _ decoder: ConfigDecoder) -> RouteCacheConfig {
        var cache = RouteCacheConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["exact", "semantic", "ttl", "namespace", "nondeterministic"],
                synonyms: ["ttl_s": "ttl", "ttl_seconds": "ttl", "similarity": "semantic", "scope": "namespace", "non_deterministic": "nondeterministic"])
        else { return cache }
        if let value = mapping["exact"], let exact = decoder.bool(value) { cache.exact = exact }
        if let value = mapping["namespace"], let namespace = decoder.choice(value, CacheNamespace.self) { cache.shared = namespace == .shared }
        if let value = mapping["nondeterministic"], let flag = decoder.bool(value) { cache.nondeterministic = flag }
        if let value = mapping["semantic"],
            let semantic = decoder.mapping(value, allowed: ["threshold"], synonyms: ["similarity": "threshold", "min_similarity": "threshold"]),
            let threshold = decoder.required("threshold", in: semantic, hint: "a cosine similarity from 0 to 1, e.g. 0.93")
        {
            cache.semanticThreshold = decoder.double(threshold, in: 0...1, hint: "a cosine similarity; higher means stricter matches")
        }
        if let value = mapping["ttl"], let seconds = decoder.durationSeconds(value, in: 1...(365 * 86_400)) { cache.ttlSeconds = seconds }
        return cache
    }

    /// The top-level `cache:` section (a semantic cache without `embedding_route` is a warning).
    static func decodeCacheSection(_ node: ConfigNode?, routes: [ModelRoute], _ decoder: ConfigDecoder) -> CacheConfig {
        var cache = CacheConfig()
        if let node,
            let mapping = decoder.mapping(
                node, allowed: ["max_entries", "max_bytes", "embedding_route", "semantic_max_entries"],
                synonyms: ["embeddings": "embedding_route", "embedding_model": "embedding_route", "entries": "max_entries", "size_bytes": "max_bytes"])
        {
            if let value = mapping["max_entries"], let entries = decoder.int(value, in: 1...10_000_000, hint: "answers kept in memory") {
                cache.maxEntries = entries
            }
            if let value = mapping["max_bytes"], let bytes = decoder.int(value, in: 1_024...(64 << 30), unit: "bytes", hint: "bytes of answers kept") {
                cache.maxBytes = bytes
            }
            if let value = mapping["semantic_max_entries"], let entries = decoder.int(value, in: 1...10_000_000, hint: "questions indexed") {
                cache.semanticMaxEntries = entries
            }
            if let value = mapping["embedding_route"], let route = decoder.string(value) {
                let defined = routes.map(\.name)
                if defined.contains(route) {
                    cache.embeddingRoute = route
                } else {
                    decoder.record(
                        .undefinedReference(
                            "embedding route '\(route)' is not defined", at: decoder.location(value),
                            hint: referenceHint(route, among: defined, kind: "routes", section: "models")))
                }
            }
        }
        return cache
    }

    /// "did you mean 'x'?", or the names that exist, or how to define one.
    static func referenceHint(_ name: String, among defined: [String], kind: String, section: String) -> String {
        if let closest = ConfigDecoder.closest(to: name, among: defined) { return "did you mean '\(closest)'?" }
        if defined.isEmpty { return "no \(kind) are defined; add one under '\(section):'" }
        return "defined \(kind): \(defined.joined(separator: ", "))"
    }
}

/// `models[].cache.namespace`: entries per virtual key (`key`, the default) or for everyone.
enum CacheNamespace: String, CaseIterable {
    case key, shared
}
