/// One search result: an entry's id and its cosine similarity to the query.
public struct VectorMatch: Sendable, Hashable {
    public var id: UInt64
    public var similarity: Float

    public init(id: UInt64, similarity: Float) {
        self.id = id
        self.similarity = similarity
    }
}
