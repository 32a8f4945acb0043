/// The entries of one namespace: ids, unit vectors and sign codes in contiguous arrays (row `slot`
/// of each), plus id → slot. Removal moves the last row into the freed slot, so rows stay dense.
struct VectorPartition: Sendable {
    let stride: Int
    private(set) var ids: [UInt64] = []
    /// `count × stride` floats: unit vectors padded with zeros.
    private(set) var rows: [Float] = []
    private(set) var codes = CodeBlocks()
    private var slots: [UInt64: Int] = [:]

    init(stride: Int) { self.stride = stride }

    var count: Int { ids.count }

    /// Adds the entry, or replaces the vector of an id already here.
    mutating func insert(id: UInt64, unit: [Float], code: [UInt8]) {
        precondition(unit.count == stride && code.count == SignHyperplanes.bytes)
        if let slot = slots[id] {
            rows.replaceSubrange(slot * stride..<(slot + 1) * stride, with: unit)
            codes.set(code, at: slot)
            return
        }
        precondition(ids.count < Int(UInt32.max), "a partition holds at most 2^32 − 1 entries")
        let slot = ids.count
        slots[id] = slot
        ids.append(id)
        rows.append(contentsOf: unit)
        codes.set(code, at: slot)
    }

    @discardableResult
    mutating func remove(id: UInt64) -> Bool {
        guard let slot = slots.removeValue(forKey: id) else { return false }
        let last = ids.count - 1
        if slot != last {
            let moved = ids[last]
            ids[slot] = moved
            slots[moved] = slot
            for offset in 0..<stride { rows[slot * stride + offset] = rows[last * stride + offset] }
        }
        codes.moveLast(from: last, to: slot)
        ids.removeLast()
        rows.removeLast(stride)
        return true
    }

    func contains(id: UInt64) -> Bool { slots[id] != nil }

    /// What the arrays and the slot table hold, including reserved capacity.
    var memoryBytes: Int {
        ids.capacity * 8 + rows.capacity * MemoryLayout<Float>.stride + codes.memoryBytes + DictionaryFootprint.bytes(capacity: slots.capacity, entry: 16)
    }
}

/// Native dictionaries store keys and values in separate arrays plus one occupancy bit per bucket.
enum DictionaryFootprint {
    static func bytes(capacity: Int, entry: Int) -> Int { capacity * entry + capacity / 8 }
}
