public import Foundation
public import SignalboxCore
import Synchronization

/// Rate limits and budgets on the hot path (DESIGN §1: authenticate → limits/budget → …): all in
/// memory, one lock to admit a request and one to settle it, no SQL. Limits come from the virtual
/// keys (reloaded from the store) and from `limits:` (teams, the gateway's budget); spend recorded
/// before the process started is seeded from the usage store by the runtime.
public final class Governor: Sendable {
    private struct State {
        var limiter = RateLimiter()
        var ledger = BudgetLedger()
        /// Budgets whose earlier spend has not been read from the usage store yet, with the time
        /// they started counting here (rows before it are the store's to tell).
        var unseeded: [BudgetScope: Int64] = [:]
    }

    private let state = Mutex(State())
    private let teams: [String: TeamPolicy]
    private let globalBudget: BudgetPolicy?
    let completionEstimate: Int
    /// Whether any team or gateway-wide limit exists (else only keys with limits pay for the lock).
    private let hasSharedLimits: Bool

    public init(config: LimitsConfig, nowMs: Int64 = Date().milliseconds) {
        teams = Dictionary(config.teams.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        globalBudget = config.budget
        completionEstimate = config.completionEstimateTokens
        hasSharedLimits = config.budget != nil || !config.teams.isEmpty
        state.withLock { state in
            if let budget = config.budget { Self.configure(.global, budget, in: &state, nowMs: nowMs) }
            for team in config.teams {
                if let budget = team.budget { Self.configure(.team(team.id), budget, in: &state, nowMs: nowMs) }
            }
        }
    }

    /// The keys as last loaded: their budgets are (re)configured, budgets of keys gone or without
    /// one any more are dropped, and so are their rate-limit buckets.
    public func updateKeys(_ keys: [VirtualKey], nowMs: Int64 = Date().milliseconds) {
        let budgets = Dictionary(keys.compactMap { key in key.budget.map { (key.id, $0) } }, uniquingKeysWith: { first, _ in first })
        let limited = Set(keys.filter(\.hasRateLimits).map(\.id))
        state.withLock { state in
            state.ledger.retain { scope in
                if case .key(let id) = scope { return budgets[id] != nil }
                return true
            }
            state.unseeded = state.unseeded.filter { scope, _ in
                if case .key(let id) = scope { return budgets[id] != nil }
                return true
            }
            for (id, budget) in budgets {
                if state.ledger.accounts[.key(id)]?.policy == budget { continue }
                Self.configure(.key(id), budget, in: &state, nowMs: nowMs)
            }
            state.limiter.retain { scope in
                switch scope {
                case .key(let id), .keyRoute(let id, _): limited.contains(id)
                case .team: true
                }
            }
        }
    }

    private static func configure(_ scope: BudgetScope, _ budget: BudgetPolicy, in state: inout State, nowMs: Int64) {
        let existed = state.ledger.accounts[scope] != nil
        let periodChanged = state.ledger.accounts[scope].map { $0.policy.period != budget.period } ?? true
        state.ledger.configure(scope, policy: budget, nowMs: nowMs)
        if !existed || periodChanged { state.unseeded[scope] = nowMs }
    }

    /// Budgets whose spend so far this period must still be read from the usage store: usage rows
    /// of `scope` from `fromMs` (the period's start) until `untilMs` (when counting started here).
    public func pendingSeeds() -> [BudgetSeed] {
        state.withLock { state in
            state.unseeded.compactMap { scope, since in
                state.ledger.periodStartMs(of: scope).map { BudgetSeed(scope: scope, fromMs: $0, untilMs: since) }
            }
        }
    }

    /// Adds the stored spend of `seed` (and marks it read).
    public func apply(_ seed: BudgetSeed, spentMicros: Int64) {
        state.withLock { state in
            guard state.unseeded[seed.scope] == seed.untilMs else { return }
            state.unseeded[seed.scope] = nil
            state.ledger.seed(seed.scope, spentMicros: spentMicros)
        }
    }

    /// Every budget's state now, for the admin API and the console.
    public func budgets(nowMs: Int64 = Date().milliseconds) -> [BudgetStatus] {
        state.withLock { state in
            state.ledger.accounts.map { scope, account in BudgetStatus(scope: scope, account: account) }
        }
        .sorted { $0.scope < $1.scope }
    }

    // MARK: - Hot path

    /// Admits `route` for `key` (nil without virtual keys), or refuses it with 429 and the headers
    /// the refusal carries. `estimate` (prompt and completion tokens) is called only when a limit
    /// applies; `rates` (the first target's price) turn it into the cost reserved on budgets.
    func admit(
        key: VirtualKey?, route: String, estimate: () -> (prompt: Int, completion: Int), rates: PriceRates?, nowNs: UInt64, nowMs: Int64
    ) -> GovernorDecision {
        let team = key?.team.flatMap { teams[$0] }
        guard key?.hasRateLimits == true || key?.budget != nil || hasSharedLimits else { return .admitted(Admission()) }
        var rateScopes: [(LimitScope, RateLimits)] = []
        var budgetScopes: [BudgetScope] = []
        if let key {
            if !key.limits.isEmpty { rateScopes.append((.key(key.id), key.limits)) }
            if let perRoute = key.routeLimits[route], !perRoute.isEmpty { rateScopes.append((.keyRoute(key: key.id, route: route), perRoute)) }
            if key.budget != nil { budgetScopes.append(.key(key.id)) }
        }
        if let team {
            if !team.limits.isEmpty { rateScopes.append((.team(team.id), team.limits)) }
            if team.budget != nil { budgetScopes.append(.team(team.id)) }
        }
        if globalBudget != nil { budgetScopes.append(.global) }
        guard !rateScopes.isEmpty || !budgetScopes.isEmpty else { return .admitted(Admission()) }
        let guess = estimate()
        let tokens = guess.prompt + guess.completion
        let estimateMicros = budgetScopes.isEmpty ? 0 : rates?.micros(prompt: guess.prompt, completion: guess.completion) ?? 0
        return state.withLock { state -> GovernorDecision in
            var admission = Admission()
            switch state.limiter.admit(rateScopes, tokens: tokens, nowNs: nowNs) {
            case .limited(let refusal):
                return .refused(Self.rateLimited(refusal), headers: Self.headers(refusal.snapshot))
            case .admitted(let reservation, let snapshot):
                if !reservation.isEmpty { admission.rate = reservation }
                admission.headers = Self.headers(snapshot)
            }
            guard !budgetScopes.isEmpty else { return .admitted(admission) }
            switch state.ledger.admit(budgetScopes, requestedRoute: route, estimateMicros: estimateMicros, nowMs: nowMs) {
            case .exhausted(let refusal):
                // The request does not run: give back its rate-limit tokens.
                if let rate = admission.rate { state.limiter.settle(rate, actualTokens: 0, nowNs: nowNs) }
                return .refused(Self.budgetExceeded(refusal, nowMs: nowMs), headers: admission.headers)
            case .admitted(let reservation):
                admission.budget = reservation
            case .downgraded(let reservation, let downgradeRoute, let scope):
                admission.budget = reservation
                admission.downgrade = (downgradeRoute, scope)
                admission.headers.append(HTTPField("x-signalbox-budget", "downgraded; \(scope.name); route=\(downgradeRoute)"))
            }
            return .admitted(admission)
        }
    }

    /// Settles a finished request: tokens and cost actually used replace the reservation. Returns
    /// the budget alerts this crossed.
    func settle(_ admission: Admission, tokens: Int, costMicros: @autoclosure () -> Int64, nowNs: UInt64, nowMs: Int64) -> [BudgetAlert] {
        guard admission.rate != nil || admission.budget != nil else { return [] }
        return state.withLock { state in
            if let rate = admission.rate { state.limiter.settle(rate, actualTokens: tokens, nowNs: nowNs) }
            guard let budget = admission.budget else { return [] }
            return state.ledger.settle(budget, actualMicros: costMicros(), nowMs: nowMs)
        }
    }

    private static func rateLimited(_ refusal: RateRefusal) -> GatewayError {
        let ceiling = refusal.ceiling
        let what = ceiling.unit == .requests ? "requests" : "tokens"
        let per = ceiling.window == .minute ? "minute" : "day"
        return .rateLimited(
            "Rate limit reached for \(refusal.scope): \(ceiling.limit) \(what) per \(per) (\(ceiling.shortName)). "
                + "Retry in \(refusal.retryAfterSeconds) s.", retryAfter: refusal.retryAfterSeconds)
    }

    private static func budgetExceeded(_ refusal: BudgetRefusal, nowMs: Int64) -> GatewayError {
        let account = refusal.account
        let spent = Decimal(account.spentMicros) / 1_000_000
        let resets = account.periodEndMs.map { " It resets at \(ISO8601DateFormatter().string(from: Date(milliseconds: $0)))." } ?? ""
        return .budgetExceeded(
            "Budget used up for \(refusal.scope): $\(spent) of $\(account.policy.limitUSD) (\(account.policy.period.rawValue)).\(resets)",
            retryAfter: refusal.retryAfterSeconds(nowMs: nowMs))
    }

    /// OpenAI's `x-ratelimit-*` headers for the tightest limits that applied.
    static func headers(_ snapshot: RateSnapshot) -> [HTTPField] {
        var headers: [HTTPField] = []
        for (unit, state) in [("requests", snapshot.requests), ("tokens", snapshot.tokens)] {
            guard let state else { continue }
            headers.append(HTTPField("x-ratelimit-limit-\(unit)", String(state.limit)))
            headers.append(HTTPField("x-ratelimit-remaining-\(unit)", String(state.remaining)))
            headers.append(HTTPField("x-ratelimit-reset-\(unit)", resetText(state.resetNs)))
        }
        return headers
    }

    /// `0s`, `250ms`, `1s`, `6m0s`, `1h2m3s`: the duration format of OpenAI's reset headers.
    static func resetText(_ nanoseconds: UInt64) -> String {
        let ms = (nanoseconds + 999_999) / 1_000_000
        if ms == 0 { return "0s" }
        if ms < 1_000 { return "\(ms)ms" }
        let seconds = (ms + 999) / 1_000
        let hours = seconds / 3_600
        let minutes = seconds % 3_600 / 60
        let rest = seconds % 60
        if hours > 0 { return "\(hours)h\(minutes)m\(rest)s" }
        if minutes > 0 { return "\(minutes)m\(rest)s" }
        return "\(rest)s"
    }
}

/// What a running request holds of the limits and budgets it was admitted by.
struct Admission: Sendable {
    var rate: RateReservation?
    var budget: BudgetReservation?
    /// `x-ratelimit-*` (and `x-signalbox-budget`) for the response.
    var headers: [HTTPField] = []
    /// Over a downgrading budget: the route that serves the request instead, and whose budget.
    var downgrade: (route: String, scope: BudgetScope)?
}

enum GovernorDecision: Sendable {
    case admitted(Admission)
    case refused(GatewayError, headers: [HTTPField])
}

/// Which usage rows to sum to learn a budget's spend before this process counted it.
public struct BudgetSeed: Sendable, Hashable {
    public var scope: BudgetScope
    public var fromMs: Int64
    public var untilMs: Int64
}

/// One budget now: limit, spend, in-flight reservations and when the period ends.
public struct BudgetStatus: Sendable, Hashable, Codable {
    public var scope: String
    public var limitMicros: Int64
    public var spentMicros: Int64
    public var reservedMicros: Int64
    public var period: BudgetPeriod
    public var periodStartMs: Int64
    public var periodEndMs: Int64?
    public var onExceed: String

    public init(
        scope: String, limitMicros: Int64, spentMicros: Int64, reservedMicros: Int64, period: BudgetPeriod, periodStartMs: Int64,
        periodEndMs: Int64?, onExceed: String
    ) {
        self.scope = scope
        self.limitMicros = limitMicros
        self.spentMicros = spentMicros
        self.reservedMicros = reservedMicros
        self.period = period
        self.periodStartMs = periodStartMs
        self.periodEndMs = periodEndMs
        self.onExceed = onExceed
    }

    init(scope: BudgetScope, account: BudgetLedger.Account) {
        self.scope = scope.name
        limitMicros = account.policy.limitMicros
        spentMicros = account.spentMicros
        reservedMicros = account.reservedMicros
        period = account.policy.period
        periodStartMs = account.periodStartMs
        periodEndMs = account.periodEndMs
        onExceed = account.policy.onExceed.text
    }

    enum CodingKeys: String, CodingKey {
        case scope, period
        case limitMicros = "limit_micros"
        case spentMicros = "spent_micros"
        case reservedMicros = "reserved_micros"
        case periodStartMs = "period_start_ms"
        case periodEndMs = "period_end_ms"
        case onExceed = "on_exceed"
    }
}
