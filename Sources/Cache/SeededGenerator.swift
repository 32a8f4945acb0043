import Foundation

/// SplitMix64 from a fixed seed: the same hyperplanes (and benchmark data) in every process.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { self.state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal sample (Box–Muller).
    public mutating func nextGaussian() -> Float {
        let u = Double(next() >> 11 | 1) / Double(UInt64(1) << 53)
        let v = Double(next() >> 11) / Double(UInt64(1) << 53)
        return Float((-2 * log(u)).squareRoot() * cos(2 * Double.pi * v))
    }
}
