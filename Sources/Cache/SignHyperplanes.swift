import Foundation

/// SimHash: 256 fixed random Gaussian hyperplanes. Bit i of a vector's code says on which side
/// of hyperplane i it lies. For two vectors at angle θ each bit differs with probability θ/π,
/// independently of the data, so the Hamming distance between codes estimates the angle and
/// (Hoeffding) exceeds 256·θ/π + t with probability at most exp(−2t²/256). The hyperplanes come
/// from a fixed seed, so codes are the same in every process.
struct SignHyperplanes: Sendable {
    static let bytes = 32
    static let bits = bytes * 8

    let stride: Int
    private let normals: [Float]

    init(dimensions: Int, stride: Int, seed: UInt64 = 0x5EB1_CA5E_0384_0001) {
        self.stride = stride
        var generator = SeededGenerator(seed: seed)
        var normals = [Float](repeating: 0, count: Self.bits * stride)
        for plane in 0..<Self.bits {
            for component in 0..<dimensions { normals[plane * stride + component] = generator.nextGaussian() }
        }
        self.normals = normals
    }

    /// The code of a padded unit vector: `bytes` bytes, bit b of byte j for hyperplane 8j + b.
    func code(of unit: UnsafePointer<Float>) -> [UInt8] {
        let chunks = stride / UnitVector.lanes
        return normals.withUnsafeBufferPointer { planes in
            (0..<Self.bytes).map { byte in
                var bits: UInt8 = 0
                for bit in 0..<8 where UnitVector.dot(planes.baseAddress! + (byte * 8 + bit) * stride, unit, chunks: chunks) > 0 {
                    bits |= 1 << UInt8(bit)
                }
                return bits
            }
        }
    }

    /// The largest Hamming distance at which a vector with cosine similarity ≥ `similarity` to the
    /// query is still expected, allowing a miss with probability at most `missProbability`.
    static func hammingBound(similarity: Float, missProbability: Double) -> Int {
        let clamped = Double(max(-1, min(1, similarity))) - 1e-5  // rounding in the unit vectors
        let expected = Double(bits) * acos(max(-1, clamped)) / Double.pi
        let slack = (Double(bits) * -log(max(missProbability, .leastNormalMagnitude)) / 2).squareRoot()
        return min(bits, Int((expected + slack).rounded(.down)))
    }

    var memoryBytes: Int { normals.capacity * MemoryLayout<Float>.stride }
}
