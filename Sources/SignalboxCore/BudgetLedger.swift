import Foundation

/// Whose money a budget caps.
public enum BudgetScope: Sendable, Hashable, CustomStringConvertible {
    case key(String)
    case team(String)
    case global

    public var description: String {
        switch self {
        case .key(let id): "virtual key \(id)"
        case .team(let id): "team \(id)"
        case .global: "the gateway"
        }
    }

    /// `key:ID`, `team:ID`, `global`: events' and the admin API's spelling.
    public var name: String {
        switch self {
        case .key(let id): "key:\(id)"
        case .team(let id): "team:\(id)"
        case .global: "global"
        }
    }
}

/// Spend against budgets, per scope and period (a pure state machine; the engine holds it under a
/// lock). A request may start while its scopes have money left; its estimated cost is reserved
/// until it finishes and is replaced by the actual cost — so concurrent requests overshoot a cap
/// by at most the last admitted request's estimate.
public struct BudgetLedger: Sendable {
    public struct Account: Sendable, Hashable {
        public var policy: BudgetPolicy
        public var periodStartMs: Int64
        public var periodEndMs: Int64?
        public var spentMicros: Int64 = 0
        public var reservedMicros: Int64 = 0
        /// Thresholds of `policy.alertAt` already announced this period.
        var alerted: Set<Double> = []

        public var remainingMicros: Int64 { max(0, policy.limitMicros - spentMicros - reservedMicros) }
        public var isExhausted: Bool { spentMicros + reservedMicros >= policy.limitMicros }
    }

    public private(set) var accounts: [BudgetScope: Account] = [:]

    public init() {}

    /// Sets (or changes) the policy of `scope`. A changed period starts counting afresh unless seeded.
    public mutating func configure(_ scope: BudgetScope, policy: BudgetPolicy, nowMs: Int64) {
        if var account = accounts[scope] {
            let periodChanged = account.policy.period != policy.period
            account.policy = policy
            if periodChanged { Self.startPeriod(&account, nowMs: nowMs) }
            accounts[scope] = account
        } else {
            var account = Account(policy: policy, periodStartMs: 0)
            Self.startPeriod(&account, nowMs: nowMs)
            accounts[scope] = account
        }
    }

    /// Drops scopes that no longer have a budget.
    public mutating func retain(where keep: (BudgetScope) -> Bool) {
        accounts = accounts.filter { keep($0.key) }
    }

    /// Adds spend recorded before this process started (from the usage store) to the current period.
    public mutating func seed(_ scope: BudgetScope, spentMicros: Int64) {
        accounts[scope]?.spentMicros += spentMicros
    }

    /// The start of the current period of `scope` (to seed from the usage store).
    public func periodStartMs(of scope: BudgetScope) -> Int64? { accounts[scope]?.periodStartMs }

    /// Admits a request against every budget in `scopes` that exists, reserving `estimateMicros`
    /// on each. An exhausted budget that blocks refuses the request; one that downgrades sends it
    /// to its cheaper route (`requestedRoute` already being that route, it passes as is).
    public mutating func admit(_ scopes: [BudgetScope], requestedRoute: String, estimateMicros: Int64, nowMs: Int64) -> BudgetAdmission {
        var downgrade: (scope: BudgetScope, route: String)?
        var present: [BudgetScope] = []
        for scope in scopes {
            guard var account = accounts[scope] else { continue }
            rollIfDue(&account, nowMs: nowMs)
            accounts[scope] = account
            present.append(scope)
            guard account.isExhausted else { continue }
            switch account.policy.onExceed {
            case .block:
                return .exhausted(BudgetRefusal(scope: scope, account: account))
            case .downgrade(let route):
                if route != requestedRoute, downgrade == nil { downgrade = (scope, route) }
            }
        }
        for scope in present { accounts[scope]?.reservedMicros += estimateMicros }
        let reservation = BudgetReservation(scopes: present, estimateMicros: estimateMicros)
        if let downgrade { return .downgraded(reservation, route: downgrade.route, scope: downgrade.scope) }
        return .admitted(reservation)
    }

    /// Replaces a reservation with the actual cost; returns the alert thresholds this crossed.
    public mutating func settle(_ reservation: BudgetReservation, actualMicros: Int64, nowMs: Int64) -> [BudgetAlert] {
        var alerts: [BudgetAlert] = []
        for scope in reservation.scopes {
            guard var account = accounts[scope] else { continue }
            rollIfDue(&account, nowMs: nowMs)
            account.reservedMicros = max(0, account.reservedMicros - reservation.estimateMicros)
            account.spentMicros += actualMicros
            let used = account.policy.limitMicros > 0 ? Double(account.spentMicros) / Double(account.policy.limitMicros) : 1
            for threshold in account.policy.alertAt where used >= threshold && !account.alerted.contains(threshold) {
                account.alerted.insert(threshold)
                alerts.append(
                    BudgetAlert(
                        scope: scope, threshold: threshold, spentMicros: account.spentMicros, limitMicros: account.policy.limitMicros,
                        period: account.policy.period, periodEndMs: account.periodEndMs))
            }
            accounts[scope] = account
        }
        return alerts
    }

    private mutating func rollIfDue(_ account: inout Account, nowMs: Int64) {
        guard let end = account.periodEndMs, nowMs >= end else { return }
        // In-flight reservations carry over: they settle into the period they finish in.
        Self.startPeriod(&account, nowMs: nowMs)
    }

    private static func startPeriod(_ account: inout Account, nowMs: Int64) {
        let now = Date(milliseconds: nowMs)
        account.periodStartMs = account.policy.period.start(containing: now).milliseconds
        account.periodEndMs = account.policy.period.end(containing: now)?.milliseconds
        account.spentMicros = 0
        account.alerted = []
    }
}

public enum BudgetAdmission: Sendable {
    case admitted(BudgetReservation)
    /// Over a budget that downgrades: serve from `route` instead.
    case downgraded(BudgetReservation, route: String, scope: BudgetScope)
    case exhausted(BudgetRefusal)
}

/// The cost a running request reserved on each budget it counts against.
public struct BudgetReservation: Sendable, Hashable {
    public let scopes: [BudgetScope]
    public let estimateMicros: Int64
}

/// An exhausted budget that blocks: the scope, what it allows and when it resets.
public struct BudgetRefusal: Sendable, Hashable {
    public var scope: BudgetScope
    public var account: BudgetLedger.Account

    /// Seconds until the period resets (nil: a `total` budget never does).
    public func retryAfterSeconds(nowMs: Int64) -> Int? {
        account.periodEndMs.map { max(1, Int(($0 - nowMs + 999) / 1_000)) }
    }
}

/// A budget crossed one of its alert thresholds (DESIGN §1 event).
public struct BudgetAlert: Sendable, Hashable, Codable {
    /// Set by the engine when it publishes the alert.
    public var timestampMs: UInt64 = 0
    /// `key:ID`, `team:ID` or `global`.
    public var scope: String
    public var threshold: Double
    public var spentMicros: Int64
    public var limitMicros: Int64
    public var period: BudgetPeriod
    public var periodEndMs: Int64?

    public init(scope: BudgetScope, threshold: Double, spentMicros: Int64, limitMicros: Int64, period: BudgetPeriod, periodEndMs: Int64?) {
        self.scope = scope.name
        self.threshold = threshold
        self.spentMicros = spentMicros
        self.limitMicros = limitMicros
        self.period = period
        self.periodEndMs = periodEndMs
    }
}
