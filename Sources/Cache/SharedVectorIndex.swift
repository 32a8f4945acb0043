import Synchronization

/// A `VectorIndex` shared by the gateway's event loops: every call takes one `Mutex` around the
/// index, so a search (≈0.4–0.6 ms at 100,000 × 384) holds off inserts and other searches for that
/// long. A readers-writer lock would let searches overlap; with two event loops on two cores
/// that gains little, so the plain lock keeps it simple.
public final class SharedVectorIndex: Sendable {
    private let index: Mutex<VectorIndex>

    public let dimensions: Int

    public init(_ index: VectorIndex) {
        self.dimensions = index.dimensions
        self.index = Mutex(index)
    }

    public convenience init(dimensions: Int, rerankDepth: Int = 64, guaranteedSimilarity: Float = 0.8) {
        self.init(VectorIndex(dimensions: dimensions, rerankDepth: rerankDepth, guaranteedSimilarity: guaranteedSimilarity))
    }

    public var count: Int { index.withLock { $0.count } }

    public func count(in namespace: UInt64) -> Int { index.withLock { $0.count(in: namespace) } }

    public func contains(id: UInt64) -> Bool { index.withLock { $0.contains(id: id) } }

    public var estimatedMemoryBytes: Int { index.withLock { $0.estimatedMemoryBytes } }

    public func insert(id: UInt64, vector: [Float], namespace: UInt64 = 0) throws(VectorIndexError) {
        try index.withLock { (index) throws(VectorIndexError) in try index.insert(id: id, vector: vector, namespace: namespace) }
    }

    @discardableResult
    public func remove(id: UInt64) -> Bool { index.withLock { $0.remove(id: id) } }

    public func search(_ query: [Float], k: Int, minSimilarity: Float = -1, namespace: UInt64 = 0) throws(VectorIndexError) -> [VectorMatch] {
        try index.withLock { (index) throws(VectorIndexError) in try index.search(query, k: k, minSimilarity: minSimilarity, namespace: namespace) }
    }

    /// A copy of the index as it is now (copy-on-write: cheap until either side changes).
    public func snapshot() -> VectorIndex { index.withLock { $0 } }
}
