import Foundation

/// One exact-cache entry as the store keeps it, so the cache survives a restart: the key (hex),
/// its namespace (`shared` or `key:ID`), the canonical answer and its usage (JSON).
public struct CacheEntryRecord: Sendable, Hashable {
    public var key: String
    public var namespace: String
    public var route: String
    public var provider: String
    public var model: String
    public var body: [UInt8]
    public var usageJSON: String?
    public var createdMs: Int64
    public var expiresMs: Int64

    public init(
        key: String, namespace: String, route: String, provider: String, model: String, body: [UInt8], usageJSON: String?, createdMs: Int64,
        expiresMs: Int64
    ) {
        self.key = key
        self.namespace = namespace
        self.route = route
        self.provider = provider
        self.model = model
        self.body = body
        self.usageJSON = usageJSON
        self.createdMs = createdMs
        self.expiresMs = expiresMs
    }
}

/// A purge as the store applies it: every condition given must hold.
public struct CachePurgeRecord: Sendable, Hashable {
    public var route: String?
    public var namespace: String?
    public var createdBeforeMs: Int64?

    public init(route: String?, namespace: String?, createdBeforeMs: Int64?) {
        self.route = route
        self.namespace = namespace
        self.createdBeforeMs = createdBeforeMs
    }
}
