import Engine
import Hummingbird
import SignalboxCore

/// `/admin/v1/cache`: the response cache's size and hit counts for viewers; purges (by route,
/// virtual key and age) for operators, through the control plane, which audits them.
extension AdminAPI {
    func registerCache(on api: RouterGroup<AdminRequestContext>) {
        let controlPlane = self.controlPlane
        api.get("cache") { _, context in
            _ = try Self.require(.viewer, context)
            guard let stats = controlPlane.cacheStats() else {
                throw AdminAPIError.notFound("No route has a response cache (models[].cache.exact).")
            }
            return AdminCacheView(stats)
        }
        api.delete("cache") { request, context in
            let identity = try Self.require(.operator, context)
            let parameters = request.uri.queryParameters
            let route = parameters["route"].map(String.init)
            let key = parameters["key"].map(String.init)
            let age: Int? = parameters["older_than_s"] == nil ? nil : try Self.query("older_than_s", request, in: 0...(365 * 86_400), default: 0)
            return try await run(.purgeCache(CachePurge(route: route, keyID: key, olderThanSeconds: age)), by: identity)
        }
    }
}

/// `GET /admin/v1/cache`.
struct AdminCacheView: ResponseEncodable, Sendable {
    var entries: Int
    var bytes: Int
    var maxEntries: Int
    var maxBytes: Int
    var hits: UInt64
    var misses: UInt64
    var evictions: UInt64
    var expirations: UInt64

    init(_ stats: (stats: ExactCache.Stats, maxEntries: Int, maxBytes: Int)) {
        entries = stats.stats.entries
        bytes = stats.stats.bytes
        maxEntries = stats.maxEntries
        maxBytes = stats.maxBytes
        hits = stats.stats.hits
        misses = stats.stats.misses
        evictions = stats.stats.evictions
        expirations = stats.stats.expirations
    }

    enum CodingKeys: String, CodingKey {
        case entries, bytes, hits, misses, evictions, expirations
        case maxEntries = "max_entries"
        case maxBytes = "max_bytes"
    }
}
