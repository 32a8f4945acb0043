public import SignalboxCore
import Synchronization

/// The exact response cache in memory: entries by `ExactCacheKey`, each with its own expiry (the
/// route's TTL), bounded by an entry count and a byte budget with least-recently-used eviction.
/// Every operation is O(1) under one short lock (a doubly linked list in arrays plus a dictionary),
/// so lookups on the event loops never wait for long.
public final class ExactCache: Sendable {
    /// A cached answer in canonical (OpenAI) non-streamed form: a streamed request is served by
    /// replaying it as SSE, a streamed miss is stored after assembling its chunks.
    public struct Entry: Sendable, Hashable {
        public var body: [UInt8]
        public var usage: Usage?
        public var route: String
        public var provider: String
        public var model: String
        public var namespace: ExactCacheKey.Namespace
        public var createdMs: Int64
        public var expiresMs: Int64

        public init(
            body: [UInt8], usage: Usage?, route: String, provider: String, model: String, namespace: ExactCacheKey.Namespace, createdMs: Int64,
            expiresMs: Int64
        ) {
            self.body = body
            self.usage = usage
            self.route = route
            self.provider = provider
            self.model = model
            self.namespace = namespace
            self.createdMs = createdMs
            self.expiresMs = expiresMs
        }

        /// Bytes an entry is charged for: its body and a fixed overhead for the rest.
        var cost: Int { body.count + 256 }
    }

    public struct Stats: Sendable, Hashable {
        public var entries = 0
        public var bytes = 0
        public var hits: UInt64 = 0
        public var misses: UInt64 = 0
        public var evictions: UInt64 = 0
        public var expirations: UInt64 = 0
    }

    public let maxEntries: Int
    public let maxBytes: Int
    private let state: Mutex<LRU>

    public init(maxEntries: Int, maxBytes: Int) {
        precondition(maxEntries > 0 && maxBytes > 0, "the exact cache needs a positive size bound")
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        state = Mutex(LRU())
    }

    /// The live entry for `key` (now the most recently used), or nil — an expired entry is removed.
    public func lookup(_ key: ExactCacheKey, nowMs: Int64) -> Entry? {
        state.withLock { lru in
            guard let slot = lru.index[key] else {
                lru.stats.misses += 1
                return nil
            }
            let entry = lru.nodes[slot].entry!
            guard entry.expiresMs > nowMs else {
                lru.remove(slot)
                lru.stats.expirations += 1
                lru.stats.misses += 1
                return nil
            }
            lru.touch(slot)
            lru.stats.hits += 1
            return entry
        }
    }

    /// Stores `entry` under `key` (replacing an older one), then evicts least-recently-used entries
    /// until both bounds hold. An entry larger than the whole byte budget is not stored.
    public func store(_ key: ExactCacheKey, _ entry: Entry) {
        guard entry.cost <= maxBytes else { return }
        state.withLock { lru in
            if let slot = lru.index[key] { lru.remove(slot) }
            lru.insert(key, entry)
            while lru.stats.entries > maxEntries || lru.stats.bytes > maxBytes, let oldest = lru.tail {
                lru.remove(oldest)
                lru.stats.evictions += 1
            }
        }
    }

    /// Removes every entry `matching` says so; returns how many.
    @discardableResult
    public func purge(where matching: (ExactCacheKey, Entry) -> Bool) -> Int {
        state.withLock { lru in
            let doomed = lru.index.filter { key, slot in matching(key, lru.nodes[slot].entry!) }.map(\.value)
            for slot in doomed { lru.remove(slot) }
            return doomed.count
        }
    }

    /// Entries from most to least recently used (for persistence and the console).
    public func snapshot() -> [(key: ExactCacheKey, entry: Entry)] {
        state.withLock { lru in
            var result: [(key: ExactCacheKey, entry: Entry)] = []
            result.reserveCapacity(lru.stats.entries)
            var slot = lru.head
            while let current = slot {
                result.append((lru.nodes[current].key!, lru.nodes[current].entry!))
                slot = lru.nodes[current].next
            }
            return result
        }
    }

    public var stats: Stats { state.withLock { $0.stats } }
}

extension ExactCache {
    /// Nodes in an array linked by index, most recently used at `head`; freed slots are reused.
    struct LRU {
        struct Node {
            var key: ExactCacheKey?
            var entry: Entry?
            var previous: Int?
            var next: Int?
        }

        var nodes: [Node] = []
        var free: [Int] = []
        var index: [ExactCacheKey: Int] = [:]
        var head: Int?
        var tail: Int?
        var stats = Stats()

        mutating func insert(_ key: ExactCacheKey, _ entry: Entry) {
            let node = Node(key: key, entry: entry, previous: nil, next: head)
            let slot: Int
            if let reused = free.popLast() {
                slot = reused
                nodes[slot] = node
            } else {
                slot = nodes.count
                nodes.append(node)
            }
            if let head { nodes[head].previous = slot }
            head = slot
            if tail == nil { tail = slot }
            index[key] = slot
            stats.entries += 1
            stats.bytes += entry.cost
        }

        mutating func remove(_ slot: Int) {
            unlink(slot)
            if let key = nodes[slot].key { index[key] = nil }
            stats.entries -= 1
            stats.bytes -= nodes[slot].entry?.cost ?? 0
            nodes[slot] = Node()
            free.append(slot)
        }

        mutating func touch(_ slot: Int) {
            guard head != slot else { return }
            unlink(slot)
            nodes[slot].previous = nil
            nodes[slot].next = head
            if let head { nodes[head].previous = slot }
            head = slot
            if tail == nil { tail = slot }
        }

        private mutating func unlink(_ slot: Int) {
            let (previous, next) = (nodes[slot].previous, nodes[slot].next)
            if let previous { nodes[previous].next = next } else { head = next }
            if let next { nodes[next].previous = previous } else { tail = previous }
            nodes[slot].previous = nil
            nodes[slot].next = nil
        }
    }
}
