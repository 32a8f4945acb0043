import HeapModule

extension VectorPartition {
    /// Two stages. 1: one pass over the sign codes (`CodeBlocks`, 16 entries at a time) keeps
    /// every entry within `band` bits of the query's code, and the `rerankDepth` nearest other
    /// codes in a bounded heap. 2: the exact cosine of each kept entry from its Float32 row.
    /// Results are therefore exact similarities; only which entries get re-ranked is estimated.
    func search(unit: UnsafePointer<Float>, code: [UInt8], k: Int, minSimilarity: Float, rerankDepth: Int, band: Int) -> [VectorMatch] {
        var nearest = Heap<UInt64>()  // distance << 32 | slot; max = the worst kept
        var withinBand: [Int] = []
        let query = code.map { SIMD16<UInt8>(repeating: $0) }
        query.withUnsafeBufferPointer { query in
            codes.storage.withUnsafeBufferPointer { blocks in
                guard let base = blocks.baseAddress else { return }
                var worst: UInt64 = rerankDepth > 0 ? .max : 0
                // A block is looked at lane by lane only when one of its entries can be kept.
                var limit = SIMD16<UInt16>(repeating: rerankDepth > 0 ? .max : UInt16(clamping: band))
                for block in 0..<(count + CodeBlocks.lanes - 1) / CodeBlocks.lanes {
                    let distances = CodeBlocks.distances(base + block * CodeBlocks.columns, query.baseAddress!)
                    guard any(distances .<= limit) else { continue }
                    let first = block * CodeBlocks.lanes
                    for lane in 0..<min(CodeBlocks.lanes, count - first) {
                        let distance = Int(distances[lane])
                        if distance <= band {
                            withinBand.append(first + lane)
                            continue
                        }
                        let key = UInt64(truncatingIfNeeded: distance) << 32 | UInt64(truncatingIfNeeded: first + lane)
                        guard key < worst else { continue }
                        if nearest.count < rerankDepth {
                            nearest.insert(key)
                        } else {
                            nearest.replaceMax(with: key)
                        }
                        if nearest.count == rerankDepth {
                            worst = nearest.max!
                            limit = SIMD16(repeating: UInt16(clamping: max(band, Int(worst >> 32))))
                        }
                    }
                }
            }
        }
        var top = TopMatches(k: k)
        rows.withUnsafeBufferPointer { rows in
            guard let base = rows.baseAddress else { return }
            let chunks = stride / UnitVector.lanes
            func rerank(_ slot: Int) {
                let similarity = min(1, max(-1, UnitVector.dot(base + slot * stride, unit, chunks: chunks)))
                if similarity >= minSimilarity { top.consider(VectorMatch(id: ids[slot], similarity: similarity)) }
            }
            for key in nearest.unordered { rerank(Int(truncatingIfNeeded: key & 0xFFFF_FFFF)) }
            for slot in withinBand { rerank(slot) }
        }
        return top.matches
    }

    /// Every entry's exact cosine: the brute-force reference.
    func exactSearch(unit: UnsafePointer<Float>, k: Int, minSimilarity: Float) -> [VectorMatch] {
        var top = TopMatches(k: k)
        rows.withUnsafeBufferPointer { rows in
            guard let base = rows.baseAddress else { return }
            let chunks = stride / UnitVector.lanes
            for slot in 0..<count {
                let similarity = min(1, max(-1, UnitVector.dot(base + slot * stride, unit, chunks: chunks)))
                if similarity >= minSimilarity { top.consider(VectorMatch(id: ids[slot], similarity: similarity)) }
            }
        }
        return top.matches
    }
}
