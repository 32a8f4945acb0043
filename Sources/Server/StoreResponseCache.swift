import Engine
import Foundation
import SignalboxCore
import Store

/// The exact cache kept in the store: entries and purges queued to the store writer, and loaded
/// back at start.
struct StoreResponseCache: ResponseCacheStore {
    let writer: StoreWriter

    func save(_ key: ExactCacheKey, _ entry: ExactCache.Entry) {
        let usage = entry.usage.flatMap { try? SharedJSONCoders.encoder.encode($0) }.map { String(decoding: $0, as: UTF8.self) }
        _ = writer.enqueue(
            .cacheEntry(
                CacheEntryRecord(
                    key: key.hex, namespace: entry.namespace.text, route: entry.route, provider: entry.provider, model: entry.model,
                    body: entry.body, usageJSON: usage, createdMs: entry.createdMs, expiresMs: entry.expiresMs)))
    }

    func purge(_ purge: CachePurge, cutoffMs: Int64?) {
        _ = writer.enqueue(
            .cachePurge(CachePurgeRecord(route: purge.route, namespace: purge.keyID.map { ExactCacheKey.Namespace.key($0).text }, createdBeforeMs: cutoffMs)))
    }

    /// The stored entries as the cache holds them, newest first.
    static func entries(_ records: [CacheEntryRecord]) -> [(ExactCacheKey, ExactCache.Entry)] {
        records.map { record in
            let usage = record.usageJSON.flatMap { try? SharedJSONCoders.decoder.decode(Usage.self, from: Data($0.utf8)) }
            return (
                ExactCacheKey(hex: record.key),
                ExactCache.Entry(
                    body: record.body, usage: usage, route: record.route, provider: record.provider, model: record.model,
                    namespace: ExactCacheKey.Namespace(text: record.namespace), createdMs: record.createdMs, expiresMs: record.expiresMs)
            )
        }
    }
}
