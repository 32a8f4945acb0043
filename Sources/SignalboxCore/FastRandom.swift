import Synchronization

/// Cheap randomness for the hot path (weighted draws, request ids, backoff jitter): a SplitMix64
/// sequence over one atomic counter, seeded once from the system generator. The system generator
/// costs a `getrandom` system call per draw here; this costs one atomic add. Not for secrets.
public enum FastRandom {
    private static let state: Atomic<UInt64> = {
        var system = SystemRandomNumberGenerator()
        return Atomic(system.next())
    }()

    /// 64 random bits. SplitMix64's output function is a bijection of the counter, so values do
    /// not repeat within 2^64 draws of one process.
    public static func next() -> UInt64 {
        var z = state.wrappingAdd(0x9E37_79B9_7F4A_7C15, ordering: .relaxed).newValue
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in [0, 1).
    public static func unit() -> Double {
        Double(next() >> 11) / Double(UInt64(1) << 53)
    }
}
