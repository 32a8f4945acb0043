/// The best `k` matches seen so far, best first: highest similarity, then lowest id, so equal
/// inputs give equal results. Insertion into a small sorted array; most candidates are refused
/// by one comparison with the worst kept.
struct TopMatches {
    let k: Int
    private(set) var matches: [VectorMatch] = []

    init(k: Int) {
        self.k = k
        matches.reserveCapacity(k)
    }

    mutating func consider(_ candidate: VectorMatch) {
        if matches.count == k {
            guard let worst = matches.last, Self.ranksBefore(candidate, worst) else { return }
            matches.removeLast()
        }
        let position = matches.firstIndex { Self.ranksBefore(candidate, $0) } ?? matches.count
        matches.insert(candidate, at: position)
    }

    static func ranksBefore(_ a: VectorMatch, _ b: VectorMatch) -> Bool {
        a.similarity != b.similarity ? a.similarity > b.similarity : a.id < b.id
    }
}
