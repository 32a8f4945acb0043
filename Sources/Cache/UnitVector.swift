/// Dot products over padded Float32 rows, and normalisation. Rows are padded with zeros to a
/// multiple of 16 floats so the kernels work on whole `SIMD16<Float>` chunks; zeros add nothing
/// to a dot product.
enum UnitVector {
    static let lanes = 16

    static func paddedLength(_ dimensions: Int) -> Int { (dimensions + lanes - 1) / lanes * lanes }

    /// `vector` scaled to length 1 and padded with zeros to `stride`; refuses what has no direction.
    static func normalized(_ vector: [Float], dimensions: Int, stride: Int) throws(VectorIndexError) -> [Float] {
        guard vector.count == dimensions else { throw .dimensionMismatch(expected: dimensions, got: vector.count) }
        var squares: Double = 0
        for component in vector {
            guard component.isFinite else { throw .nonFinite }
            squares += Double(component) * Double(component)
        }
        guard squares > 0, squares.isFinite else { throw squares > 0 ? .nonFinite : .zeroVector }
        let scale = 1 / squares.squareRoot()
        var unit = [Float](repeating: 0, count: stride)
        for (index, component) in vector.enumerated() { unit[index] = Float(Double(component) * scale) }
        return unit
    }

    /// Σ a[i]·b[i] over `chunks` SIMD16 chunks starting at the two (16-byte aligned) pointers.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, chunks: Int) -> Float {
        let left = UnsafeRawPointer(a)
        let right = UnsafeRawPointer(b)
        var sum = SIMD16<Float>()
        for chunk in 0..<chunks {
            let offset = chunk * lanes * MemoryLayout<Float>.stride
            sum += left.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
                * right.loadUnaligned(fromByteOffset: offset, as: SIMD16<Float>.self)
        }
        return sum.sum()
    }
}
