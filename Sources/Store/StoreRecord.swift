/// A record written off the hot path through `StoreWriter`.
public enum StoreRecord: Sendable, Hashable {
    case audit(AuditEntryDraft)
    case usage(UsageRecord)
    case request(RequestLogRecord)
    /// An exact-cache entry to keep (replacing one with the same key).
    case cacheEntry(CacheEntryRecord)
    case cachePurge(CachePurgeRecord)
}
