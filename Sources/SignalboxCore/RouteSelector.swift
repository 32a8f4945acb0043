/// Orders a route's targets for one request according to its strategy, and says why — the reason
/// is shown in the console's inspector and published with the attempt. Pure: everything it needs
/// (health, in-flight counts, latency averages, prices, a random number) is passed in.
public struct RouteSelector: Sendable {
    /// What the selector knows about one target at the moment of choosing.
    public struct Candidate: Sendable, Hashable {
        public var id: String
        public var weight: Int
        /// Priority tier (lower is tried first); for `priority`, the target's position unless set.
        public var tier: Int
        /// Exponentially weighted time to first byte, nil before the first sample.
        public var latencyEWMAms: Double?
        /// Price per million tokens (input + output), nil when unknown.
        public var pricePerMillionTokens: Double?
        public var inFlight: Int
        /// False when paused or its breaker refuses requests: never chosen first.
        public var available: Bool

        public init(
            id: String, weight: Int = 1, tier: Int = 0, latencyEWMAms: Double? = nil, pricePerMillionTokens: Double? = nil, inFlight: Int = 0,
            available: Bool = true
        ) {
            self.id = id
            self.weight = weight
            self.tier = tier
            self.latencyEWMAms = latencyEWMAms
            self.pricePerMillionTokens = pricePerMillionTokens
            self.inFlight = inFlight
            self.available = available
        }
    }

    /// The order in which to try targets, and why the first one leads.
    public struct Selection: Sendable, Hashable {
        /// Indices into the candidates, available ones first; unavailable ones are left out.
        public var order: [Int]
        public var reason: String
    }

    public let strategy: RoutingStrategy
    /// Share of `latency` requests sent to the second-fastest target to keep its average fresh.
    public static let latencyExploration = 0.1

    public init(strategy: RoutingStrategy) {
        self.strategy = strategy
    }

    /// Ranks `candidates`. `random` is a number in [0, 1) used for weighted choices, so tests
    /// can drive it; the rest of the order after the first follows the strategy too.
    public func select(_ candidates: [Candidate], random: Double) -> Selection {
        let usable = candidates.indices.filter { candidates[$0].available }
        guard !usable.isEmpty else {
            return Selection(order: [], reason: candidates.isEmpty ? "no targets" : "every target is paused or open")
        }
        let skipped = candidates.count - usable.count
        let note = skipped > 0 ? "; \(skipped) unavailable skipped" : ""
        switch strategy {
        case .weighted:
            let order = Self.weightedOrder(usable, candidates, random: random)
            let total = usable.reduce(0) { $0 + max(0, candidates[$1].weight) }
            let first = candidates[order[0]]
            return Selection(order: order, reason: "weighted: \(first.id) drew \(max(0, first.weight))/\(total)" + note)
        case .priority:
            let lowest = usable.map { candidates[$0].tier }.min()!
            let tiers = Dictionary(grouping: usable) { candidates[$0].tier }.sorted { $0.key < $1.key }
            var order: [Int] = []
            for (_, members) in tiers { order += Self.weightedOrder(members, candidates, random: random) }
            let first = candidates[order[0]]
            let reason =
                first.tier == candidates.map(\.tier).min()!
                ? "priority: tier \(lowest) (\(first.id))" : "priority: tier \(lowest) (\(first.id)); higher tiers unavailable"
            return Selection(order: order, reason: reason + note)
        case .latency:
            // Targets without a sample go first, so every target gets measured.
            var order = usable.sorted { lhs, rhs in
                switch (candidates[lhs].latencyEWMAms, candidates[rhs].latencyEWMAms) {
                case (nil, nil): lhs < rhs
                case (nil, _): true
                case (_, nil): false
                case (let l?, let r?): l == r ? lhs < rhs : l < r
                }
            }
            // A share of requests explores the next target, so a target that was slow once gets
            // measured again instead of being starved by an average that never updates.
            if order.count > 1, candidates[order[0]].latencyEWMAms != nil, random >= 1 - Self.latencyExploration {
                order.swapAt(0, 1)
                let first = candidates[order[0]]
                return Selection(
                    order: order, reason: "latency: exploring \(first.id) (EWMA \(first.latencyEWMAms.map { Self.format($0) } ?? "?") ms)" + note)
            }
            let first = candidates[order[0]]
            let reason = first.latencyEWMAms.map { "latency: \(first.id) fastest, EWMA \(Self.format($0)) ms to first byte" }
                ?? "latency: \(first.id) not measured yet"
            return Selection(order: order, reason: reason + note)
        case .cost:
            let order = usable.sorted { lhs, rhs in
                let l = candidates[lhs].pricePerMillionTokens ?? .infinity
                let r = candidates[rhs].pricePerMillionTokens ?? .infinity
                return l == r ? lhs < rhs : l < r
            }
            let first = candidates[order[0]]
            let reason = first.pricePerMillionTokens.map { "cost: \(first.id) cheapest at $\(Self.format($0))/M tokens" }
                ?? "cost: no prices known; \(first.id) first in order"
            return Selection(order: order, reason: reason + note)
        case .leastBusy:
            let order = usable.sorted { lhs, rhs in
                candidates[lhs].inFlight == candidates[rhs].inFlight ? lhs < rhs : candidates[lhs].inFlight < candidates[rhs].inFlight
            }
            let first = candidates[order[0]]
            return Selection(order: order, reason: "least-busy: \(first.id) has \(first.inFlight) in flight" + note)
        }
    }

    /// A weighted draw for the first place, then the rest by descending weight (stable).
    static func weightedOrder(_ members: [Int], _ candidates: [Candidate], random: Double) -> [Int] {
        guard members.count > 1 else { return members }
        let weights = members.map { max(0, candidates[$0].weight) }
        let total = weights.reduce(0, +)
        var chosen = 0
        if total > 0 {
            var point = min(max(random, 0), 0.999_999_999) * Double(total)
            for (offset, weight) in weights.enumerated() {
                if point < Double(weight) {
                    chosen = offset
                    break
                }
                point -= Double(weight)
            }
        }
        let rest = members.enumerated().filter { $0.offset != chosen }.sorted {
            weights[$0.offset] == weights[$1.offset] ? $0.offset < $1.offset : weights[$0.offset] > weights[$1.offset]
        }
        return [members[chosen]] + rest.map(\.element)
    }

    private static func format(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }
}
