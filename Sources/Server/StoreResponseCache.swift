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
                    key: key.hex, namespace: Self.text(entry.namespace), route: entry.route, provider: entry.provider, model: entry.model,
                    body: entry.body, usageJSON: usage, createdMs: entry.createdMs, expiresMs: entry.expiresMs)))
    }

    func purge(_ purge: CachePurge, cutoffMs: Int64?) {
        _ = writer.enqueue(
            .cachePurge(CachePurgeRecord(route: purge.route, namespace: purge.keyID.map { Self.text(.key($0)) }, createdBeforeMs: cutoffMs)))
    }

    static func text(_ namespace: ExactCacheKey.Namespace) -> String {
        switch namespace {
        case .shared: "shared"
        case .key(let id): "key:" + id
        }
    }

    static func namespace(_ text: String) -> ExactCacheKey.Namespace {
        text.hasPrefix("key:") ? .key(String(text.dropFirst(4))) : .shared
    }

    /// The stored entries as the cache holds them, newest first.
    static func entries(_ records: [CacheEntryRecord]) -> [(ExactCacheKey, ExactCache.Entry)] {
        records.map { record in
            let usage = record.usageJSON.flatMap { try? SharedJSONCoders.decoder.decode(Usage.self, from: Data($0.utf8)) }
            return (
                ExactCacheKey(hex: record.key),
                ExactCache.Entry(
                    body: record.body, usage: usage, route: record.route, provider: record.provider, model: record.model,
                    namespace: namespace(record.namespace), createdMs: record.createdMs, expiresMs: record.expiresMs)
            )
        }
    }
}
