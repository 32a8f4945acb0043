/// The semantic cache's vector index: entries (id, vector) of one fixed dimension, searched by
/// cosine similarity. Vectors are normalised on insert and on query; similarity is the dot
/// product of the unit vectors. Each entry belongs to a namespace (the cache keys it by route,
/// model, system prompt and parameters); a search only sees its own namespace, each namespace
/// being its own set of contiguous rows.
///
/// How a search runs, and why (100,000 × 384 on this 2-core box, release, `signalbox cache-bench`):
/// an exhaustive Float32 SIMD scan reads 154 MB per query (≈21–25 ms p50); an int8 scan still took
/// ≈8–15 ms. So each entry also keeps a 256-bit SimHash code (`SignHyperplanes`, `CodeBlocks`); a
/// search scans the codes (3.2 MB), then re-ranks exactly, in Float32, every entry whose code lies
/// within the Hoeffding bound of `max(minSimilarity, guaranteedSimilarity)` plus the `rerankDepth`
/// nearest other codes: lookups at a 0.93 threshold take ≈0.4–0.6 ms p50. Returned similarities
/// are always exact. An entry at or above `max(minSimilarity, guaranteedSimilarity)` is missed
/// with probability at most `missProbability` (over the fixed random hyperplanes), so a cache-hit
/// decision at a threshold like 0.93 does not flip through the approximation; below that, top-k
/// is approximate (random 384-dimensional data has no structure to find: recall@10 ≈ 0.2 there,
/// see `cache-bench`). `exactSearch` is the brute-force reference.
///
/// A value type with no locks: use `SharedVectorIndex` from several threads.
public struct VectorIndex: Sendable {
    public static let missProbability = 1e-9

    public let dimensions: Int
    /// How many of the nearest codes outside the guaranteed band are re-ranked exactly.
    public let rerankDepth: Int
    /// Entries at least this similar to the query (or `minSimilarity`, if higher) are never
    /// missed (up to `missProbability`).
    public let guaranteedSimilarity: Float

    private let stride: Int
    private let hyperplanes: SignHyperplanes
    private var partitions: [UInt64: VectorPartition] = [:]
    private var namespaceOfID: [UInt64: UInt64] = [:]

    public init(dimensions: Int, rerankDepth: Int = 64, guaranteedSimilarity: Float = 0.8) {
        precondition(dimensions > 0, "an index needs at least one dimension")
        precondition(rerankDepth >= 0, "rerankDepth cannot be negative")
        self.dimensions = dimensions
        self.rerankDepth = rerankDepth
        self.guaranteedSimilarity = guaranteedSimilarity
        self.stride = UnitVector.paddedLength(dimensions)
        self.hyperplanes = SignHyperplanes(dimensions: dimensions, stride: stride)
    }

    /// Entries in every namespace.
    public var count: Int { namespaceOfID.count }

    public func count(in namespace: UInt64) -> Int { partitions[namespace]?.count ?? 0 }

    public func contains(id: UInt64) -> Bool { namespaceOfID[id] != nil }

    /// Adds an entry, or replaces the vector (and namespace) of an id already present. Throws for
    /// a vector of the wrong dimension, a zero vector (no direction) or a NaN/infinite component.
    public mutating func insert(id: UInt64, vector: [Float], namespace: UInt64 = 0) throws(VectorIndexError) {
        let unit = try UnitVector.normalized(vector, dimensions: dimensions, stride: stride)
        let code = unit.withUnsafeBufferPointer { hyperplanes.code(of: $0.baseAddress!) }
        if let previous = namespaceOfID.updateValue(namespace, forKey: id), previous != namespace {
            removeFromPartition(id: id, namespace: previous)
        }
        partitions[namespace, default: VectorPartition(stride: stride)].insert(id: id, unit: unit, code: code)
    }

    /// Removes an entry; false when there was none with that id.
    @discardableResult
    public mutating func remove(id: UInt64) -> Bool {
        guard let namespace = namespaceOfID.removeValue(forKey: id) else { return false }
        removeFromPartition(id: id, namespace: namespace)
        return true
    }

    private mutating func removeFromPartition(id: UInt64, namespace: UInt64) {
        partitions[namespace]?.remove(id: id)
        if partitions[namespace]?.count == 0 { partitions[namespace] = nil }
    }

    /// The `k` entries of `namespace` most similar to `query` with similarity ≥ `minSimilarity`,
    /// best first (ties by id). Similarities are exact; see the type's notes for which entries
    /// are guaranteed to be considered.
    public func search(_ query: [Float], k: Int, minSimilarity: Float = -1, namespace: UInt64 = 0) throws(VectorIndexError) -> [VectorMatch] {
        let unit = try UnitVector.normalized(query, dimensions: dimensions, stride: stride)
        guard k > 0, let partition = partitions[namespace] else { return [] }
        let code = unit.withUnsafeBufferPointer { hyperplanes.code(of: $0.baseAddress!) }
        let band = SignHyperplanes.hammingBound(similarity: max(minSimilarity, guaranteedSimilarity), missProbability: Self.missProbability)
        return unit.withUnsafeBufferPointer { unit in
            partition.search(unit: unit.baseAddress!, code: code, k: k, minSimilarity: minSimilarity, rerankDepth: rerankDepth, band: band)
        }
    }

    /// The same answer by comparing the query with every entry of the namespace (brute force).
    public func exactSearch(_ query: [Float], k: Int, minSimilarity: Float = -1, namespace: UInt64 = 0) throws(VectorIndexError) -> [VectorMatch] {
        let unit = try UnitVector.normalized(query, dimensions: dimensions, stride: stride)
        guard k > 0, let partition = partitions[namespace] else { return [] }
        return unit.withUnsafeBufferPointer { partition.exactSearch(unit: $0.baseAddress!, k: k, minSimilarity: minSimilarity) }
    }

    /// An estimate of the heap memory held: rows (4 bytes per padded dimension), codes (32 bytes),
    /// ids, the id tables and the hyperplanes, with reserved capacity.
    public var estimatedMemoryBytes: Int {
        partitions.values.reduce(0) { $0 + $1.memoryBytes } + DictionaryFootprint.bytes(capacity: namespaceOfID.capacity, entry: 16)
            + DictionaryFootprint.bytes(capacity: partitions.capacity, entry: 8 + MemoryLayout<VectorPartition>.stride) + hyperplanes.memoryBytes
    }
}
