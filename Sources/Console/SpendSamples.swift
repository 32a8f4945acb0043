import DequeModule

/// A budget's observed spend over the last few minutes (one sample per budget fetch), and the burn
/// rate it implies. Pure: times come in as arguments. Memory per budget is bounded by the window
/// over the spacing (older samples are thinned to one per `spacingMs`, the newest is always kept).
struct SpendSamples: Sendable, Hashable {
    struct Sample: Sendable, Hashable {
        var atMs: Int64
        var spentMicros: Int64
    }

    /// How far back the burn rate looks.
    static let windowMs: Int64 = 5 * 60_000
    /// Below this much history the rate is not known yet (a single settle would dominate it).
    static let minimumSpanMs: Int64 = 10_000
    static let spacingMs: Int64 = 5_000

    private(set) var samples: Deque<Sample> = []
    /// The period the samples belong to: a new period (a reset) starts the history over.
    private(set) var periodStartMs: Int64?

    /// Adds what a fetch at `atMs` saw. Spend going down (a reset, a reconfigured budget) or a new
    /// period discards the history: the rate is about this period's spend only.
    mutating func record(spentMicros: Int64, periodStartMs start: Int64, atMs: Int64) {
        if periodStartMs != start || (samples.last.map { spentMicros < $0.spentMicros } ?? false) {
            samples.removeAll()
            periodStartMs = start
        }
        if let last = samples.last, atMs < last.atMs { return }
        let sample = Sample(atMs: atMs, spentMicros: spentMicros)
        if samples.count >= 2, samples[samples.count - 1].atMs - samples[samples.count - 2].atMs < Self.spacingMs {
            samples[samples.count - 1] = sample
        } else {
            samples.append(sample)
        }
        while let first = samples.first, first.atMs < atMs - Self.windowMs, samples.count > 1 { samples.removeFirst() }
    }

    /// Micro-dollars per hour over the window ending at the newest sample; nil while there is less
    /// than `minimumSpanMs` of history.
    func microsPerHour() -> Double? {
        guard let first = samples.first, let last = samples.last else { return nil }
        let span = last.atMs - first.atMs
        guard span >= Self.minimumSpanMs else { return nil }
        return Double(last.spentMicros - first.spentMicros) * 3_600_000 / Double(span)
    }
}
