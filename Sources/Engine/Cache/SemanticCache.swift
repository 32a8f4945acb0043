public import SignalboxCore
import DequeModule
import Synchronization

/// The semantic cache: the embeddings of questions whose answers were cached, each with its
/// answer. A lookup finds the most similar question of the same partition (same namespace,
/// route, system prompt, earlier turns and parameters); it is a hit when the cosine similarity
/// reaches the route's threshold and the answer has not expired.
public final class SemanticCache: Sendable {
    public struct Hit: Sendable {
        public var entry: ExactCache.Entry
        public var similarity: Double
    }

    public let maxEntries: Int
    private let state: Mutex<State>

    public init(maxEntries: Int) {
        precondition(maxEntries > 0, "the semantic cache needs a positive size bound")
        self.maxEntries = maxEntries
        state = Mutex(State())
    }

    public var count: Int { state.withLock { $0.index.count } }

    /// The closest question of `partition` at or above `threshold`, if its answer is still live.
    public func search(_ vector: [Float], partition: UInt64, threshold: Double, nowMs: Int64) -> Hit? {
        state.withLock { state in
            guard let (id, similarity) = state.index.nearest(to: vector, partition: partition), Double(similarity) >= threshold,
                let entry = state.answers[id]
            else { return nil }
            guard entry.expiresMs > nowMs else {
                state.remove(id)
                return nil
            }
            return Hit(entry: entry, similarity: Double(similarity))
        }
    }

    /// Indexes `vector` (a question) with its answer; the oldest questions go first over the bound.
    public func insert(_ vector: [Float], partition: UInt64, entry: ExactCache.Entry) {
        state.withLock { state in
            state.nextID += 1
            guard state.index.insert(id: state.nextID, vector: vector, partition: partition) else { return }
            state.answers[state.nextID] = entry
            state.order.append(state.nextID)
            while state.answers.count > maxEntries, let oldest = state.order.first {
                state.order.removeFirst()
                state.remove(oldest)
            }
        }
    }

    /// Removes the answers `matching` says so; returns how many.
    @discardableResult
    public func purge(where matching: (ExactCache.Entry) -> Bool) -> Int {
        state.withLock { state in
            let doomed = state.answers.filter { matching($0.value) }.map(\.key)
            for id in doomed { state.remove(id) }
            return doomed.count
        }
    }

    struct State {
        var index = SemanticIndex()
        var answers: [UInt64: ExactCache.Entry] = [:]
        var order = Deque<UInt64>()
        var nextID: UInt64 = 0

        mutating func remove(_ id: UInt64) {
            index.remove(id: id)
            answers[id] = nil
        }
    }
}

/// Placeholder index: exact cosine over unit vectors, by partition.
struct SemanticIndex {
    private var vectors: [UInt64: (partition: UInt64, unit: [Float])] = [:]

    var count: Int { vectors.count }

    mutating func insert(id: UInt64, vector: [Float], partition: UInt64) -> Bool {
        guard let unit = Self.unit(vector) else { return false }
        vectors[id] = (partition, unit)
        return true
    }

    mutating func remove(id: UInt64) { vectors[id] = nil }

    func nearest(to vector: [Float], partition: UInt64) -> (UInt64, Float)? {
        guard let query = Self.unit(vector) else { return nil }
        var best: (UInt64, Float)?
        for (id, stored) in vectors where stored.partition == partition && stored.unit.count == query.count {
            var dot: Float = 0
            for index in query.indices { dot += query[index] * stored.unit[index] }
            if dot > (best?.1 ?? -2) { best = (id, dot) }
        }
        return best
    }

    static func unit(_ vector: [Float]) -> [Float]? {
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard norm > 0, norm.isFinite else { return nil }
        return vector.map { $0 / norm }
    }
}
