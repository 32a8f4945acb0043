import Cache
import Testing

@Suite("Vector index")
struct VectorIndexTests {
    static func randomVector(_ dimensions: Int, using generator: inout SeededGenerator) -> [Float] {
        (0..<dimensions).map { _ in generator.nextGaussian() }
    }

    /// A vector near `source`: the source plus a little noise per component.
    static func nearby(_ source: [Float], noise: Float, using generator: inout SeededGenerator) -> [Float] {
        source.map { $0 + noise * generator.nextGaussian() }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        func length(_ v: [Float]) -> Double { v.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot() }
        return zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) } / (length(a) * length(b))
    }

    /// Brute force in Double, independent of the index's kernels.
    static func bruteForce(_ query: [Float], _ entries: [UInt64: [Float]], k: Int, minSimilarity: Float) -> [VectorMatch] {
        let all = entries.map { VectorMatch(id: $0.key, similarity: Float(cosine(query, $0.value))) }
        return Array(
            all.filter { $0.similarity >= minSimilarity }.sorted { $0.similarity != $1.similarity ? $0.similarity > $1.similarity : $0.id < $1.id }
                .prefix(k))
    }

    /// `found` is the brute-force answer: as many matches, best first, each with its true similarity,
    /// holding every expected id (entries within rounding of the k-th may stand in for each other).
    static func expectExact(
        _ found: [VectorMatch], query: [Float], entries: [UInt64: [Float]], k: Int, minSimilarity: Float = -1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let expected = bruteForce(query, entries, k: k, minSimilarity: minSimilarity)
        #expect(found.count == expected.count, sourceLocation: sourceLocation)
        #expect(zip(found, found.dropFirst()).allSatisfy { $0.similarity >= $1.similarity }, sourceLocation: sourceLocation)
        for match in found {
            let truth = entries[match.id].map { cosine(query, $0) } ?? .nan
            #expect(abs(Double(match.similarity) - truth) < 1e-4, "id \(match.id)", sourceLocation: sourceLocation)
        }
        let boundary = expected.last?.similarity ?? 1
        let foundIDs = Set(found.map(\.id))
        for match in expected where match.similarity > boundary + 1e-5 {
            #expect(foundIDs.contains(match.id), "missed id \(match.id) at \(match.similarity)", sourceLocation: sourceLocation)
        }
    }

    @Test("top-k equals brute force when every entry is re-ranked, after removals and re-inserts too", arguments: [3, 17, 64, 200])
    func exactWithFullRerank(dimensions: Int) throws {
        var generator = SeededGenerator(seed: UInt64(dimensions))
        var index = VectorIndex(dimensions: dimensions, rerankDepth: 1_000)
        var entries: [UInt64: [Float]] = [:]
        for id in 0..<300 as Range<UInt64> {
            let vector = Self.randomVector(dimensions, using: &generator)
            entries[id] = vector
            try index.insert(id: id, vector: vector)
        }
        func check() throws {
            for _ in 0..<20 {
                let query = Self.randomVector(dimensions, using: &generator)
                Self.expectExact(try index.search(query, k: 10), query: query, entries: entries, k: 10)
                Self.expectExact(try index.exactSearch(query, k: 10), query: query, entries: entries, k: 10)
            }
        }
        try check()
        for id in stride(from: 0, to: 300, by: 3) as StrideTo<UInt64> {
            let removed = index.remove(id: id)
            #expect(removed)
            entries[id] = nil
        }
        #expect(index.count == entries.count)
        try check()
        for id in stride(from: 0, to: 300, by: 6) as StrideTo<UInt64> {
            let vector = Self.randomVector(dimensions, using: &generator)
            entries[id] = vector
            try index.insert(id: id, vector: vector)
        }
        // Replacing the vector of an id that is present keeps one entry for it.
        let replaced = Self.randomVector(dimensions, using: &generator)
        entries[1] = replaced
        try index.insert(id: 1, vector: replaced)
        #expect(index.count == entries.count)
        try check()
    }

    @Test("with a shallow re-rank, every entry above the threshold is still found, exactly ranked")
    func thresholdExactWithShallowRerank() throws {
        var generator = SeededGenerator(seed: 7)
        let dimensions = 128
        var index = VectorIndex(dimensions: dimensions, rerankDepth: 2)
        var entries: [UInt64: [Float]] = [:]
        var centres: [[Float]] = []
        // Clusters of near-duplicates (similarity ≈ 0.85–0.99 to their centre) among random entries.
        for _ in 0..<20 { centres.append(Self.randomVector(dimensions, using: &generator)) }
        var id: UInt64 = 0
        for centre in centres {
            for step in 0..<15 {
                entries[id] = Self.nearby(centre, noise: 0.05 + 0.04 * Float(step), using: &generator)
                id += 1
            }
        }
        for _ in 0..<1_000 {
            entries[id] = Self.randomVector(dimensions, using: &generator)
            id += 1
        }
        for (id, vector) in entries { try index.insert(id: id, vector: vector) }
        var hitsSeen = 0
        for centre in centres {
            for threshold: Float in [0.8, 0.9, 0.93] {
                let query = Self.nearby(centre, noise: 0.1, using: &generator)
                hitsSeen += Self.bruteForce(query, entries, k: 50, minSimilarity: threshold).count
                Self.expectExact(try index.search(query, k: 50, minSimilarity: threshold), query: query, entries: entries, k: 50, minSimilarity: threshold)
            }
        }
        #expect(hitsSeen > 100, "the data has entries above the thresholds to find")
    }

    @Test("a vector is similar to itself with similarity 1, whatever its length")
    func selfSimilarity() throws {
        var generator = SeededGenerator(seed: 11)
        var index = VectorIndex(dimensions: 384)
        let vector = Self.randomVector(384, using: &generator)
        try index.insert(id: 42, vector: vector)
        for scale: Float in [1, 1e-3, 1e4] {
            let match = try #require(try index.search(vector.map { $0 * scale }, k: 1, minSimilarity: 0.99).first)
            #expect(match.id == 42)
            #expect(abs(match.similarity - 1) < 1e-5)
        }
        let opposite = try #require(try index.search(vector.map { -$0 }, k: 1).first)
        #expect(abs(opposite.similarity + 1) < 1e-5)
    }

    @Test("the minimum similarity filters results")
    func minimumSimilarity() throws {
        var index = VectorIndex(dimensions: 2)
        try index.insert(id: 1, vector: [1, 0])
        try index.insert(id: 2, vector: [1, 1])  // cos 45° ≈ 0.707
        try index.insert(id: 3, vector: [0, 1])  // 0
        try index.insert(id: 4, vector: [-1, 0.1])  // < 0
        #expect(try index.search([1, 0], k: 10).map(\.id) == [1, 2, 3, 4])
        #expect(try index.search([1, 0], k: 10, minSimilarity: 0.7).map(\.id) == [1, 2])
        #expect(try index.search([1, 0], k: 10, minSimilarity: 0.71).map(\.id) == [1])
        #expect(try index.search([1, 0], k: 10, minSimilarity: 0).map(\.id) == [1, 2, 3])
        #expect(try index.search([1, 0], k: 1, minSimilarity: 0).map(\.id) == [1])
        #expect(try index.search([1, 0], k: 0).isEmpty)
    }

    @Test("namespaces never see each other's entries")
    func namespaces() throws {
        var generator = SeededGenerator(seed: 3)
        var index = VectorIndex(dimensions: 32, rerankDepth: 4)
        let shared = Self.randomVector(32, using: &generator)
        try index.insert(id: 1, vector: shared, namespace: 10)
        try index.insert(id: 2, vector: shared, namespace: 20)
        for id in 3..<200 as Range<UInt64> { try index.insert(id: id, vector: Self.randomVector(32, using: &generator), namespace: id % 2 == 0 ? 10 : 20) }
        let inTen = try index.search(shared, k: 200, namespace: 10)
        let inTwenty = try index.search(shared, k: 200, namespace: 20)
        #expect(inTen.first?.id == 1)
        #expect(inTwenty.first?.id == 2)
        #expect(inTen.allSatisfy { $0.id == 1 || $0.id % 2 == 0 })
        #expect(inTwenty.allSatisfy { $0.id == 2 || $0.id % 2 == 1 })
        #expect(try index.exactSearch(shared, k: 200, namespace: 10).allSatisfy { $0.id == 1 || $0.id % 2 == 0 })
        #expect(try index.search(shared, k: 10, namespace: 30).isEmpty)
        #expect(index.count(in: 10) + index.count(in: 20) == index.count)
        // Re-inserting an id into another namespace moves it.
        try index.insert(id: 1, vector: shared, namespace: 20)
        #expect(try index.search(shared, k: 1, minSimilarity: 0.99, namespace: 10).isEmpty)
        #expect(Set(try index.search(shared, k: 2, minSimilarity: 0.99, namespace: 20).map(\.id)) == [1, 2])
        #expect(index.count == 199)
    }

    @Test("a vector of the wrong dimension is refused with a typed error")
    func dimensionMismatch() throws {
        var index = VectorIndex(dimensions: 4)
        let insertError = #expect(throws: VectorIndexError.self) { try index.insert(id: 1, vector: [1, 2, 3]) }
        #expect(insertError?.isDimensionMismatch == true)
        #expect(insertError?.description.contains("4-dimensional") == true)
        try index.insert(id: 1, vector: [1, 2, 3, 4])
        let searchError = #expect(throws: VectorIndexError.self) { try index.search([1, 2, 3, 4, 5], k: 1) }
        #expect(searchError?.isDimensionMismatch == true)
        #expect(index.count == 1)
    }

    @Test("zero and non-finite vectors are refused: a zero vector has no cosine")
    func zeroAndNonFinite() throws {
        var index = VectorIndex(dimensions: 3)
        #expect((#expect(throws: VectorIndexError.self) { try index.insert(id: 1, vector: [0, 0, 0]) })?.isZeroVector == true)
        #expect((#expect(throws: VectorIndexError.self) { try index.search([0, 0, 0], k: 1) })?.isZeroVector == true)
        #expect((#expect(throws: VectorIndexError.self) { try index.insert(id: 1, vector: [1, .nan, 0]) })?.isNonFinite == true)
        #expect((#expect(throws: VectorIndexError.self) { try index.insert(id: 1, vector: [.infinity, 0, 0]) })?.isNonFinite == true)
        // Finite components whose squares overflow Float are still fine (the sum is in Double).
        try index.insert(id: 2, vector: [3e38, 3e38, 0])
        #expect(index.count == 1)
        #expect(abs((try index.search([1, 1, 0], k: 1).first?.similarity ?? 0) - 1) < 1e-5)
    }

    @Test("remove reports whether the id was there; the memory estimate follows the entries")
    func removeAndMemory() throws {
        var generator = SeededGenerator(seed: 5)
        var index = VectorIndex(dimensions: 384)
        let empty = index.estimatedMemoryBytes
        for id in 0..<1_000 as Range<UInt64> { try index.insert(id: id, vector: Self.randomVector(384, using: &generator)) }
        // 1,000 rows of 384 floats and 48-byte codes at least.
        #expect(index.estimatedMemoryBytes - empty >= 1_000 * (384 * 4 + 32))
        let removedOnce = index.remove(id: 5)
        let removedTwice = index.remove(id: 5)
        #expect(removedOnce)
        #expect(!removedTwice)
        #expect(!index.contains(id: 5))
        #expect(index.contains(id: 6))
        #expect(index.count == 999)
        for id in 0..<1_000 as Range<UInt64> { index.remove(id: id) }
        #expect(index.count == 0)
        #expect(try index.search(Self.randomVector(384, using: &generator), k: 5).isEmpty)
    }
}
