import Engine
import SignalboxCore

/// Budgets as the console knows them: the last fetched state of each, its observed spend history
/// (for the burn rate) and the latest alert the bus reported for it.
struct BudgetBoard: Sendable {
    /// The budgets of the last fetch, most used first.
    private(set) var budgets: [BudgetStatus] = []
    /// False until the first fetch answered (the view says "loading", not "no budgets").
    private(set) var fetched = false
    private(set) var samples: [String: SpendSamples] = [:]
    /// The latest `budgetAlert` per scope.
    private(set) var alerts: [String: BudgetAlert] = [:]

    /// Takes a fetch made at `nowMs`. Scopes no longer reported lose their history.
    mutating func apply(_ statuses: [BudgetStatus], nowMs: Int64) {
        fetched = true
        budgets = statuses.sorted { lhs, rhs in
            let (left, right) = (Self.usedFraction(lhs), Self.usedFraction(rhs))
            return left != right ? left > right : lhs.scope < rhs.scope
        }
        var kept: [String: SpendSamples] = [:]
        for status in statuses {
            var history = samples[status.scope] ?? SpendSamples()
            history.record(spentMicros: status.spentMicros, periodStartMs: status.periodStartMs, atMs: nowMs)
            kept[status.scope] = history
        }
        samples = kept
    }

    mutating func apply(_ alert: BudgetAlert) {
        alerts[alert.scope] = alert
    }

    func microsPerHour(_ scope: String) -> Double? {
        samples[scope]?.microsPerHour()
    }

    func forecast(_ budget: BudgetStatus, nowMs: Int64) -> BudgetForecast {
        BudgetForecast.forecast(
            spentMicros: budget.spentMicros, limitMicros: budget.limitMicros, microsPerHour: microsPerHour(budget.scope), nowMs: nowMs,
            periodEndMs: budget.periodEndMs)
    }

    /// Spent over limit (1 and more: used up).
    static func usedFraction(_ budget: BudgetStatus) -> Double {
        guard budget.limitMicros > 0 else { return budget.spentMicros > 0 ? 1 : 0 }
        return Double(budget.spentMicros) / Double(budget.limitMicros)
    }

    /// healthy below 75 %, warning from 75 %, error from 100 %.
    static func role(forFraction fraction: Double) -> StyleRole {
        fraction >= 1 ? .error : fraction >= 0.75 ? .warning : .healthy
    }
}
