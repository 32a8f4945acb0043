import Providers
import SignalboxCore

/// Resolves the model a client asks for to the targets (provider × provider model) that may serve
/// it, in the order to try them. Built once from the configuration; planning a request reads the
/// operator-controlled provider state (paused providers and keys, rotated secrets) and the
/// engine's target health (breakers, latency, in-flight counts).
struct RouteTable: Sendable {
    /// One target for one request: the table's shared description (one retain to copy, where
    /// the provider's configuration would cost a retain per field) and the key chosen for it.
    struct Target: Sendable {
        fileprivate let candidate: Candidate
        var key: ProviderKeyConfig?

        var provider: ProviderConfig { candidate.provider }
        var adapter: any ProviderAdapter { candidate.adapter }
        var model: String { candidate.model }
        /// `provider/model`, built once per target in the table (not per request).
        var healthKey: String { candidate.healthKey }
        /// The target's price (config `pricing:` override, else the built-in catalog); nil when unknown.
        var price: ModelPrice? { candidate.price }
        /// The price per token in micro-dollars, computed once (budgets, usage rows).
        var rates: PriceRates? { candidate.rates }
    }

    /// The targets to try for one request, in order, and why the first one leads.
    struct Plan: Sendable {
        var targets: [Target]
        var reason: String
        /// Every target's breaker was open and `circuit_breaker.try_when_all_open` is set: the
        /// attempts go to them anyway.
        var ignoresBreakers = false
    }

    fileprivate final class Candidate: Sendable {
        let provider: ProviderConfig
        let adapter: any ProviderAdapter
        let model: String
        let weight: Int
        let healthKey: String
        let price: ModelPrice?
        let rates: PriceRates?
        /// The blend `strategy: cost` ranks by, computed once.
        let pricePerMillionTokens: Double?

        init(provider: ProviderConfig, adapter: any ProviderAdapter, model: String, weight: Int, pricing: [PriceOverride]) {
            self.provider = provider
            self.adapter = adapter
            self.model = model
            self.weight = weight
            self.healthKey = TargetHealthTable.key(provider: provider.id, model: model)
            self.price = PriceCatalog.builtIn.price(provider: provider, model: model, overrides: pricing)
            self.pricePerMillionTokens = price?.blendedPerMTok
            self.rates = price.map(PriceRates.init)
        }
    }

    private struct Route: Sendable {
        var strategy: RoutingStrategy
        var candidates: [Candidate]
        var fallbacks: [String]
    }

    private var routes: [String: Route] = [:]
    private var providers: [String: (config: ProviderConfig, adapter: any ProviderAdapter)] = [:]
    /// Price overrides, for targets addressed as `provider/model` (route targets resolve theirs once, here at init).
    private let pricing: [PriceOverride]
    /// `GET /v1/models` entries: route names, then `provider/model` for every target.
    private(set) var modelIDs: [(id: String, ownedBy: String)] = []

    /// Pause state and current secrets, shared with the `ControlPlane`.
    let states: ProviderStateTable

    init(config: GatewayConfig) {
        pricing = config.pricing
        for provider in config.providers {
            providers[provider.id] = (provider, provider.kind.makeAdapter(for: provider))
        }
        states = ProviderStateTable(providers: config.providers)
        var seen = Set<String>()
        for route in config.models {
            let candidates = route.targets.compactMap { target -> Candidate? in
                guard let entry = providers[target.provider] else { return nil }
                return Candidate(provider: entry.config, adapter: entry.adapter, model: target.model, weight: target.weight, pricing: pricing)
            }
            routes[route.name] = Route(strategy: route.strategy, candidates: candidates, fallbacks: route.fallbacks)
            modelIDs.append((route.name, "signalbox"))
        }
        for route in config.models {
            for target in route.targets where providers[target.provider] != nil {
                let id = target.provider + "/" + target.model
                if seen.insert(id).inserted { modelIDs.append((id, target.provider)) }
            }
        }
    }

    /// The adapter of a supported provider.
    func adapter(of providerID: String) -> (any ProviderAdapter)? {
        providers[providerID]?.adapter
    }

    /// The first target of `requested` ignoring breakers (tests and tools).
    func resolve(_ requested: String) throws(GatewayError) -> Target {
        let plan = try plan(requested, health: nil, nowNs: 0, random: 0)
        return plan.targets[0]
    }

    /// Plans a request. Route names win over `provider/model` addressing, so a route may itself
    /// contain a slash. A route's targets are ordered by its strategy; targets whose provider or
    /// keys an operator paused, or whose breaker is open, are left out; then come the targets of
    /// its fallback routes (`fallbacks`, or `fallbackOverride` from the request), each once.
    /// With nothing left, the request is refused with 503 rather than sent where it cannot go.
    func plan(
        _ requested: String, health: TargetHealthTable?, nowNs: UInt64, random: Double, fallbackOverride: [String]? = nil,
        tryWhenAllOpen: Bool = false
    ) throws(GatewayError) -> Plan {
        var refusal = Refusal()
        if let route = routes[requested] {
            var targets: [Target] = []
            var reason = ""
            var visited: Set<String> = []
            var queue = [requested]
            var isFirstRoute = true
            while !queue.isEmpty {
                let name = queue.removeFirst()
                guard visited.insert(name).inserted, let current = routes[name] else { continue }
                let (ordered, why) = order(current, health: health, nowNs: nowNs, random: random, refusal: &refusal)
                if isFirstRoute {
                    reason = why
                    queue += fallbackOverride ?? route.fallbacks
                    isFirstRoute = false
                } else {
                    queue += current.fallbacks
                    if targets.isEmpty, !ordered.isEmpty { reason = "fallback route \(name): " + why }
                }
                for target in ordered where !targets.contains(where: { $0.healthKey == target.healthKey }) { targets.append(target) }
            }
            if targets.isEmpty, tryWhenAllOpen, !refusal.openTargets.isEmpty {
                return Plan(targets: refusal.openTargets, reason: "every target's breaker is open; trying anyway (try_when_all_open)", ignoresBreakers: true)
            }
            guard !targets.isEmpty else { throw refusal.error(for: requested) }
            return Plan(targets: targets, reason: reason)
        }
        guard let slash = requested.firstIndex(of: "/") else { throw .modelNotFound(requested) }
        let providerID = String(requested[..<slash])
        let model = String(requested[requested.index(after: slash)...])
        guard !model.isEmpty, let entry = providers[providerID] else { throw .modelNotFound(requested) }
        let candidate = Candidate(provider: entry.config, adapter: entry.adapter, model: model, weight: 1, pricing: pricing)
        guard let target = usable(candidate, health: health, nowNs: nowNs, refusal: &refusal) else {
            if tryWhenAllOpen, let open = refusal.openTargets.first {
                return Plan(targets: [open], reason: "its breaker is open; trying anyway (try_when_all_open)", ignoresBreakers: true)
            }
            throw refusal.error(for: requested)
        }
        return Plan(targets: [target.target], reason: "addressed directly as \(requested)")
    }

    /// Every routed model of `provider` (for operator commands on its breakers).
    func models(ofProvider provider: String) -> [String] {
        var seen = Set<String>()
        return routes.keys.sorted().flatMap { routes[$0]!.candidates }.filter { $0.provider.id == provider && seen.insert($0.model).inserted }.map(\.model)
    }

    /// The route's targets for replays that switch provider.
    func targets(of route: String) -> [(provider: String, model: String)] {
        (routes[route]?.candidates ?? []).map { ($0.provider.id, $0.model) }
    }

    /// The price of `provider`'s `model` as one of `route`'s targets (what a cache hit saved).
    func rates(route: String, provider: String, model: String) -> PriceRates? {
        routes[route]?.candidates.first { $0.provider.id == provider && $0.model == model }?.rates
    }

    // MARK: - Internals

    private func order(
        _ route: Route, health: TargetHealthTable?, nowNs: UInt64, random: Double, refusal: inout Refusal
    ) -> ([Target], String) {
        var targets: [Target?] = []
        var candidates: [RouteSelector.Candidate] = []
        for (index, candidate) in route.candidates.enumerated() {
            let found = usable(candidate, health: health, nowNs: nowNs, refusal: &refusal)
            targets.append(found?.target)
            candidates.append(
                RouteSelector.Candidate(
                    id: candidate.healthKey, weight: candidate.weight, tier: index,
                    latencyEWMAms: found?.view?.latencyEWMAms, pricePerMillionTokens: candidate.pricePerMillionTokens,
                    inFlight: found?.view?.inFlight ?? 0, available: found != nil))
        }
        let selection = RouteSelector(strategy: route.strategy).select(candidates, random: random)
        return (selection.order.compactMap { targets[$0] }, selection.reason)
    }

    private func usable(
        _ candidate: Candidate, health: TargetHealthTable?, nowNs: UInt64, refusal: inout Refusal
    ) -> (target: Target, view: TargetHealthTable.View?)? {
        switch states.availability(of: candidate.provider.id, random: FastRandom.unit()) {
        case .available(let key):
            let target = Target(candidate: candidate, key: key)
            let view = health?.view(target.healthKey, nowNs: nowNs)
            if let view, view.refusing {
                refusal.open.append(target.healthKey)
                refusal.openTargets.append(target)
                refusal.retryAfterNs = min(refusal.retryAfterNs ?? .max, view.retryAfterNs)
                return nil
            }
            return (target, view)
        case .paused, .unknown:
            refusal.paused.append(candidate.provider.id)
        case .allKeysPaused:
            refusal.keysPaused.append(candidate.provider.id)
        case .allKeysRejected:
            refusal.keysRejected.append(candidate.provider.id)
        }
        return nil
    }

    /// Why no target was left, to tell the client.
    private struct Refusal {
        var paused: [String] = []
        var keysPaused: [String] = []
        var keysRejected: [String] = []
        var open: [String] = []
        var openTargets: [Target] = []
        var retryAfterNs: UInt64?

        func error(for requested: String) -> GatewayError {
            var reasons: [String] = []
            if !paused.isEmpty { reasons.append("paused by an operator (\(unique(paused).joined(separator: ", ")))") }
            if !keysPaused.isEmpty { reasons.append("every key paused by an operator (\(unique(keysPaused).joined(separator: ", ")))") }
            if !keysRejected.isEmpty {
                reasons.append("every key recently rejected by the provider (\(unique(keysRejected).joined(separator: ", ")))")
            }
            if !open.isEmpty { reasons.append("circuit open after repeated failures (\(unique(open).joined(separator: ", ")))") }
            guard !reasons.isEmpty else { return .modelNotFound(requested) }
            let retryAfter = retryAfterNs.map { Int(($0 + 999_999_999) / 1_000_000_000) } ?? 30
            return .providerUnavailable(
                "No provider can take model '\(requested)' now: " + reasons.joined(separator: "; ") + ". Try again later.",
                retryAfter: max(1, retryAfter))
        }

        private func unique(_ items: [String]) -> [String] {
            var seen = Set<String>()
            return items.filter { seen.insert($0).inserted }
        }
    }
}
