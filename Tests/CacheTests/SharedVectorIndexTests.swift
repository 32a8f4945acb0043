import Cache
import Testing

@Suite("Shared vector index")
struct SharedVectorIndexTests {
    @Test("concurrent inserts, searches and removals from several tasks end with the right entries")
    func concurrentUse() async throws {
        let index = SharedVectorIndex(dimensions: 64)
        let writers = 8
        let perWriter = 100
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var generator = SeededGenerator(seed: UInt64(writer))
                    for n in 0..<perWriter {
                        let id = UInt64(writer * perWriter + n)
                        let vector = (0..<64).map { _ in generator.nextGaussian() }
                        try index.insert(id: id, vector: vector, namespace: UInt64(writer % 2))
                        let found = try index.search(vector, k: 1, minSimilarity: 0.99, namespace: UInt64(writer % 2))
                        #expect(found.first?.id == id)
                        // Every writer removes its odd entries again.
                        if n % 2 == 1 { #expect(index.remove(id: id)) }
                    }
                }
                group.addTask {
                    var generator = SeededGenerator(seed: UInt64(100 + writer))
                    for _ in 0..<perWriter {
                        let query = (0..<64).map { _ in generator.nextGaussian() }
                        let found = try index.search(query, k: 5)
                        #expect(found.count <= 5)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(index.count == writers * perWriter / 2)
        #expect(index.count(in: 0) == index.count(in: 1))
        let snapshot = index.snapshot()
        #expect(snapshot.count == index.count)
        #expect((0..<UInt64(writers * perWriter)).allSatisfy { index.contains(id: $0) == ($0 % 2 == 0) })
    }
}
