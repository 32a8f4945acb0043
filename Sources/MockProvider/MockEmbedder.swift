/// Deterministic embeddings: a hashed bag of lowercase words with signed buckets, L2-normalised.
/// Texts that share words get a high cosine similarity, unrelated texts a low one, in every process
/// (FNV-1a is used because Swift's `Hasher` is seeded per process).
struct MockEmbedder: Sendable {
    var dimensions: Int

    func embedding(of text: String) -> [Double] {
        var vector = [Double](repeating: 0, count: dimensions)
        var words = Self.words(in: text)
        if words.isEmpty { words = [""] }
        for word in words {
            let hash = Self.fnv1a64(word)
            let bucket = Int(hash % UInt64(dimensions))
            vector[bucket] += (hash >> 63) == 0 ? 1 : -1
        }
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    /// Lowercased runs of letters and digits.
    static func words(in text: String) -> [String] {
        text.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }).map(String.init)
    }

    static func fnv1a64(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
