/// The response cache's size and counters as the engine reports them (`ConsoleBackend.cacheStats()`):
/// a plain value, so the console and its tests need nothing of the cache itself.
public struct CacheStatsSnapshot: Sendable, Hashable {
    public var entries: Int
    public var maxEntries: Int
    public var bytes: Int
    public var maxBytes: Int
    /// Lookups answered from memory and lookups that found nothing, since the gateway started.
    public var hits: UInt64
    public var misses: UInt64
    /// Entries dropped to stay within the bounds (least recently used first).
    public var evictions: UInt64
    /// Entries found past their ttl.
    public var expirations: UInt64

    public init(
        entries: Int, maxEntries: Int, bytes: Int, maxBytes: Int, hits: UInt64 = 0, misses: UInt64 = 0, evictions: UInt64 = 0,
        expirations: UInt64 = 0
    ) {
        self.entries = entries
        self.maxEntries = maxEntries
        self.bytes = bytes
        self.maxBytes = maxBytes
        self.hits = hits
        self.misses = misses
        self.evictions = evictions
        self.expirations = expirations
    }
}
