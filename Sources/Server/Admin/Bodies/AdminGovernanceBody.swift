import Foundation
import SignalboxCore

/// A key's rate limits and budget as the admin API takes them: in `POST /admin/v1/virtual-keys`
/// and as the whole body of `POST /admin/v1/virtual-keys/{id}/limits` (which replaces them).
struct AdminGovernanceBody: Decodable, Sendable {
    static let fields = ["limits", "route_limits", "budget"]

    var limits: RateLimits?
    var routeLimits: [String: RateLimits]?
    var budget: AdminBudgetBody?

    enum CodingKeys: String, CodingKey {
        case limits, budget
        case routeLimits = "route_limits"
    }

    /// The checked values; `routes`: the gateway's route names (a downgrade must name one).
    func parsed(routes: Set<String>) throws -> (RateLimits, [String: RateLimits], BudgetPolicy?) {
        let limits = self.limits ?? RateLimits()
        let routeLimits = self.routeLimits ?? [:]
        for (scope, value) in [("limits", limits)] + routeLimits.map({ ("route_limits.\($0.key)", $0.value) }) {
            for ceiling in value.ceilings where ceiling.limit < 1 {
                throw AdminAPIError.badRequest("\(scope).\(ceiling.shortName) must be at least 1, got \(ceiling.limit).")
            }
        }
        return (limits, routeLimits, try budget?.policy(routes: routes))
    }
}

/// `{"limit_usd": 50, "period": "monthly", "alert_at": [0.5, 0.8, 1], "on_exceed": "block" | "downgrade:ROUTE"}`.
struct AdminBudgetBody: Decodable, Sendable {
    var limitUSD: Double
    var period: String?
    var alertAt: [Double]?
    var onExceed: String?

    enum CodingKeys: String, CodingKey {
        case period
        case limitUSD = "limit_usd"
        case alertAt = "alert_at"
        case onExceed = "on_exceed"
    }

    func policy(routes: Set<String>) throws -> BudgetPolicy {
        guard limitUSD >= 0, limitUSD.isFinite else { throw AdminAPIError.badRequest("budget.limit_usd must be a non-negative amount.") }
        var budgetPeriod = BudgetPeriod.monthly
        if let period {
            guard let parsed = BudgetPeriod(rawValue: period) else {
                throw AdminAPIError.badRequest("budget.period must be daily, weekly, monthly or total, got '\(period)'.")
            }
            budgetPeriod = parsed
        }
        let alerts = alertAt ?? BudgetPolicy.defaultAlerts
        guard alerts.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
            throw AdminAPIError.badRequest("budget.alert_at must hold fractions of the limit between 0 and 1.")
        }
        var action = BudgetAction.block
        if let onExceed {
            guard let parsed = BudgetAction(text: onExceed) else {
                throw AdminAPIError.badRequest("budget.on_exceed must be block or downgrade:ROUTE, got '\(onExceed)'.")
            }
            if let route = parsed.downgradeRoute, !routes.contains(route) {
                throw AdminAPIError.badRequest("budget.on_exceed names route '\(route)', which this gateway does not have.")
            }
            action = parsed
        }
        let micros = Decimal(usd: limitUSD).microdollars
        return BudgetPolicy(limitMicros: micros, period: budgetPeriod, alertAt: alerts, onExceed: action)
    }
}
