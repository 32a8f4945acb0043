/// The prompts the cache answered most often this session (per route), folded from hit events.
/// Bounded: past `capacity` distinct prompts, a new one replaces the least hit (the longest
/// unhit among equals), so a burst of one-off questions cannot grow the table.
struct CachePromptTable: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var route: String
        var prompt: String
        var hits: Int
        var lastHitMs: UInt64
    }

    private struct Key: Sendable, Hashable {
        var route: String
        var prompt: String
    }

    static let capacity = 200

    private var entries: [Key: Entry] = [:]
    let capacity: Int

    init(capacity: Int = Self.capacity) {
        self.capacity = max(1, capacity)
    }

    var count: Int { entries.count }

    /// Counts a hit on `prompt` (line breaks and tabs become spaces: it is drawn on one line).
    /// O(1), except that a new prompt at capacity scans the table once for the one to drop.
    mutating func record(prompt raw: String, route: String, atMs: UInt64) {
        let prompt = String(raw.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        let key = Key(route: route, prompt: prompt)
        if var entry = entries[key] {
            entry.hits += 1
            entry.lastHitMs = max(entry.lastHitMs, atMs)
            entries[key] = entry
            return
        }
        if entries.count >= capacity, let weakest = entries.min(by: { Self.ranksBelow($0.value, $1.value) })?.key {
            entries.removeValue(forKey: weakest)
        }
        entries[key] = Entry(route: route, prompt: prompt, hits: 1, lastHitMs: atMs)
    }

    /// The `count` most hit prompts: most hits first, then the most recently hit, then by text.
    func top(_ count: Int) -> [Entry] {
        Array(entries.values.sorted { Self.ranksBelow($1, $0) }.prefix(max(0, count)))
    }

    /// Fewer hits, then hit longer ago, then later in text order.
    private static func ranksBelow(_ lhs: Entry, _ rhs: Entry) -> Bool {
        if lhs.hits != rhs.hits { return lhs.hits < rhs.hits }
        if lhs.lastHitMs != rhs.lastHitMs { return lhs.lastHitMs < rhs.lastHitMs }
        if lhs.prompt != rhs.prompt { return lhs.prompt > rhs.prompt }
        return lhs.route > rhs.route
    }
}
