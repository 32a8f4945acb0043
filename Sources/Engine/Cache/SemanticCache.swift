public import SignalboxCore
import Cache
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

    public var count: Int { state.withLock { $0.answers.count } }

    /// The closest question of `partition` at or above `threshold`, if its answer is still live.
    public func search(_ vector: [Float], partition: UInt64, threshold: Double, nowMs: Int64) -> Hit? {
        state.withLock { state in
            // Entries at or above the threshold are never missed by the index (see `VectorIndex`).
            guard let match = try? state.index?.search(vector, k: 1, minSimilarity: Float(threshold), namespace: partition).first,
                let entry = state.answers[match.id]
            else { return nil }
            let (id, similarity) = (match.id, match.similarity)
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
            // One embedding model, one dimension: the first question fixes it; others are not indexed.
            if state.index == nil { state.index = VectorIndex(dimensions: vector.count) }
            guard (try? state.index?.insert(id: state.nextID, vector: vector, namespace: partition)) != nil else { return }
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
        var index: VectorIndex?
        var answers: [UInt64: ExactCache.Entry] = [:]
        var order = Deque<UInt64>()
        var nextID: UInt64 = 0

        mutating func remove(_ id: UInt64) {
            index?.remove(id: id)
            answers[id] = nil
        }
    }
}
