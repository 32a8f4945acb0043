/// One continuously replenishing allowance: `capacity` units per `window`, refilled at
/// capacity/window. The level may go below zero when a settled request used more tokens than it
/// reserved; later requests then wait for the debt to be repaid. Pure: time is passed in.
public struct TokenBucket: Sendable, Hashable {
    public private(set) var capacity: Double
    public let windowNs: UInt64
    public private(set) var level: Double
    private var updatedNs: UInt64

    public init(capacity: Int, windowNs: UInt64, nowNs: UInt64) {
        self.capacity = Double(capacity)
        self.windowNs = windowNs
        self.level = Double(capacity)
        self.updatedNs = nowNs
    }

    /// Units replenished per nanosecond.
    private var rate: Double { capacity / Double(windowNs) }

    public mutating func refill(nowNs: UInt64) {
        guard nowNs > updatedNs else { return }
        level = min(capacity, level + Double(nowNs - updatedNs) * rate)
        updatedNs = nowNs
    }

    /// A changed limit keeps what was used: the level moves by the change, within the new capacity.
    public mutating func resize(to newCapacity: Int, nowNs: UInt64) {
        refill(nowNs: nowNs)
        let newCapacity = Double(newCapacity)
        level = min(newCapacity, level + (newCapacity - capacity))
        capacity = newCapacity
    }

    /// Whether a request needing `amount` may start: requests need a whole unit; tokens only need
    /// the allowance not to be used up (the estimate is taken even if it drives the level below
    /// zero, so a limit is overshot by at most one request's estimate).
    public func admits(_ amount: Double, unit: RateCeiling.Unit) -> Bool {
        switch unit {
        case .requests: level >= amount
        case .tokens: level > 0
        }
    }

    public mutating func take(_ amount: Double) { level -= amount }

    /// Returns `amount` (negative: takes more).
    public mutating func give(_ amount: Double) { level = min(capacity, level + amount) }

    /// Nanoseconds until `admits(amount, unit)` holds, at the current rate.
    public func nanosecondsUntilAdmits(_ amount: Double, unit: RateCeiling.Unit) -> UInt64 {
        let needed = unit == .requests ? amount - level : (level > 0 ? 0 : -level + 1)
        guard needed > 0 else { return 0 }
        return UInt64((needed / rate).rounded(.up))
    }

    /// Nanoseconds until the bucket is full again.
    public var nanosecondsUntilFull: UInt64 {
        let missing = capacity - level
        guard missing > 0 else { return 0 }
        return UInt64((missing / rate).rounded(.up))
    }

    /// What is left, in whole units (never negative).
    public var remaining: Int { max(0, Int(level.rounded(.down))) }
}
