/// Whose allowance a limit draws on.
public enum LimitScope: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    /// A virtual key's limit for one route (or `provider/model`).
    case keyRoute(key: String, route: String)
    case team(String)

    public var description: String {
        switch self {
        case .key(let id): "virtual key \(id)"
        case .keyRoute(let id, let route): "virtual key \(id) on '\(route)'"
        case .team(let id): "team \(id)"
        }
    }
}

/// Rate limits for many scopes (DESIGN §1: a pure state machine; the engine holds it under a lock
/// and passes the time in). A request is admitted by every applicable limit or by none; token
/// limits take an estimate at admission and are settled to the actual usage afterwards.
public struct RateLimiter: Sendable {
    private struct BucketID: Hashable {
        var scope: LimitScope
        var unit: RateCeiling.Unit
        var window: RateCeiling.Window
    }

    /// One limit a request is checked against, with its bucket as of now.
    private struct Entry {
        var id: BucketID
        var ceiling: RateCeiling
        var bucket: TokenBucket
    }

    private var buckets: [BucketID: TokenBucket] = [:]

    public init() {}

    /// Every bucket currently tracked (scopes seen since start).
    public var bucketCount: Int { buckets.count }

    /// Admits a request needing one request unit and `tokens` (the estimate) from every limit in
    /// `scopes`, or tells which limit refused it and when to retry.
    public mutating func admit(_ scopes: [(LimitScope, RateLimits)], tokens: Int, nowNs: UInt64) -> RateAdmission {
        // Each bucket is looked up once and stored once (the ids hash strings).
        var entries: [Entry] = []
        for (scope, limits) in scopes {
            for ceiling in limits.ceilings {
                let id = BucketID(scope: scope, unit: ceiling.unit, window: ceiling.window)
                var bucket = bucket(id, ceiling, nowNs: nowNs)
                bucket.refill(nowNs: nowNs)
                entries.append(Entry(id: id, ceiling: ceiling, bucket: bucket))
            }
        }
        guard !entries.isEmpty else { return .admitted(RateReservation(tokens: 0, buckets: []), RateSnapshot()) }
        // Check all before taking from any: a refused request leaves no trace.
        for entry in entries {
            let amount = Double(entry.ceiling.unit == .requests ? 1 : tokens)
            if !entry.bucket.admits(amount, unit: entry.ceiling.unit) {
                for entry in entries { buckets[entry.id] = entry.bucket }
                return .limited(
                    RateRefusal(
                        scope: entry.id.scope, ceiling: entry.ceiling,
                        retryAfterNs: entry.bucket.nanosecondsUntilAdmits(amount, unit: entry.ceiling.unit), snapshot: Self.snapshot(entries)))
            }
        }
        var taken: [RateReservation.Taken] = []
        for index in entries.indices {
            let ceiling = entries[index].ceiling
            entries[index].bucket.take(Double(ceiling.unit == .requests ? 1 : tokens))
            buckets[entries[index].id] = entries[index].bucket
            if ceiling.unit == .tokens { taken.append(RateReservation.Taken(scope: entries[index].id.scope, window: ceiling.window)) }
        }
        return .admitted(RateReservation(tokens: tokens, buckets: taken), Self.snapshot(entries))
    }

    /// Settles a reservation to the tokens actually used: the difference is returned (or, when more
    /// were used, taken) from each token limit the request drew on.
    public mutating func settle(_ reservation: RateReservation, actualTokens: Int, nowNs: UInt64) {
        let difference = Double(reservation.tokens - actualTokens)
        guard difference != 0 else { return }
        for taken in reservation.buckets {
            let id = BucketID(scope: taken.scope, unit: .tokens, window: taken.window)
            guard var bucket = buckets[id] else { continue }
            bucket.refill(nowNs: nowNs)
            bucket.give(difference)
            buckets[id] = bucket
        }
    }

    /// Forgets scopes no longer configured (keys revoked or limits removed), keeping `keep`.
    public mutating func retain(where keep: (LimitScope) -> Bool) {
        buckets = buckets.filter { keep($0.key.scope) }
    }

    /// The bucket for `id`, created full, or resized when its limit changed since.
    private mutating func bucket(_ id: BucketID, _ ceiling: RateCeiling, nowNs: UInt64) -> TokenBucket {
        guard var bucket = buckets[id] else { return TokenBucket(capacity: ceiling.limit, windowNs: ceiling.window.nanoseconds, nowNs: nowNs) }
        if Int(bucket.capacity) != ceiling.limit { bucket.resize(to: ceiling.limit, nowNs: nowNs) }
        return bucket
    }

    /// The tightest request and token limit among `entries`, for `x-ratelimit-*` headers.
    private static func snapshot(_ entries: [Entry]) -> RateSnapshot {
        var result = RateSnapshot()
        for entry in entries {
            let state = RateSnapshot.State(limit: entry.ceiling.limit, remaining: entry.bucket.remaining, resetNs: entry.bucket.nanosecondsUntilFull)
            switch entry.ceiling.unit {
            case .requests: if result.requests.map({ state.remaining < $0.remaining }) ?? true { result.requests = state }
            case .tokens: if result.tokens.map({ state.remaining < $0.remaining }) ?? true { result.tokens = state }
            }
        }
        return result
    }
}

public enum RateAdmission: Sendable {
    case admitted(RateReservation, RateSnapshot)
    case limited(RateRefusal)
}

/// The tokens a running request reserved, to settle when it finishes.
public struct RateReservation: Sendable, Hashable {
    struct Taken: Sendable, Hashable {
        var scope: LimitScope
        var window: RateCeiling.Window
    }

    public let tokens: Int
    let buckets: [Taken]

    /// Nothing to settle.
    public var isEmpty: Bool { buckets.isEmpty }
}

/// Why a request was refused: the limit, its scope, and when a retry can pass.
public struct RateRefusal: Sendable, Hashable {
    public var scope: LimitScope
    public var ceiling: RateCeiling
    public var retryAfterNs: UInt64
    public var snapshot: RateSnapshot

    /// Whole seconds to wait (at least 1), for `Retry-After`.
    public var retryAfterSeconds: Int { max(1, Int((Double(retryAfterNs) / 1e9).rounded(.up))) }
}

/// The tightest request and token limits that applied, as the response reports them.
public struct RateSnapshot: Sendable, Hashable {
    public struct State: Sendable, Hashable {
        public var limit: Int
        public var remaining: Int
        public var resetNs: UInt64
    }

    public var requests: State?
    public var tokens: State?

    public init() {}
}
