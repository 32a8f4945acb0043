import ArgumentParser
import Foundation
import SignalboxCore

/// The rate-limit and budget flags of `keys create` and `keys limits`.
struct GovernanceOptions: ParsableArguments {
    @Option(help: "Requests per minute for this key.")
    var rpm: Int?

    @Option(help: "Tokens (prompt + completion) per minute for this key.")
    var tpm: Int?

    @Option(help: "Requests per day for this key.")
    var rpd: Int?

    @Option(help: "Tokens per day for this key.")
    var tpd: Int?

    @Option(
        name: .customLong("route-limit"),
        help: "Limits for one route (or provider/model), repeatable: ROUTE:rpm=N,tpm=N,rpd=N,tpd=N (e.g. gpt-4o:rpm=10,tpm=20000).")
    var routeLimits: [String] = []

    @Option(name: .customLong("budget-usd"), help: "Spending cap in US dollars per budget period.")
    var budgetUSD: Double?

    @Option(name: .customLong("budget-period"), help: "daily, weekly, monthly (default) or total; periods start at UTC midnight, Monday, the 1st.")
    var budgetPeriod: String?

    @Option(name: .customLong("budget-alerts"), help: "Comma-separated fractions of the cap that raise an alert event (default 0.8,1).")
    var budgetAlerts: String?

    @Option(name: .customLong("on-budget-exceeded"), help: "block (default: 429 insufficient_quota) or downgrade:ROUTE (serve from that route).")
    var onBudgetExceeded: String?

    func validate() throws { _ = try parsed() }

    /// The key's own limits, its per-route limits and its budget.
    func parsed() throws -> (limits: RateLimits, routes: [String: RateLimits], budget: BudgetPolicy?) {
        for (name, value) in [("rpm", rpm), ("tpm", tpm), ("rpd", rpd), ("tpd", tpd)] {
            if let value, value < 1 { throw ValidationError("--\(name) must be at least 1, got \(value)") }
        }
        let limits = RateLimits(requestsPerMinute: rpm, tokensPerMinute: tpm, requestsPerDay: rpd, tokensPerDay: tpd)
        var routes: [String: RateLimits] = [:]
        for text in routeLimits {
            let (route, parsed) = try Self.routeLimit(text)
            guard routes[route] == nil else { throw ValidationError("--route-limit: route '\(route)' is given twice") }
            routes[route] = parsed
        }
        guard let budgetUSD else {
            if budgetPeriod != nil || budgetAlerts != nil || onBudgetExceeded != nil {
                throw ValidationError("--budget-period, --budget-alerts and --on-budget-exceeded need --budget-usd")
            }
            return (limits, routes, nil)
        }
        guard budgetUSD >= 0, budgetUSD.isFinite else { throw ValidationError("--budget-usd must be a positive amount, got \(budgetUSD)") }
        var period = BudgetPeriod.monthly
        if let budgetPeriod {
            guard let choice = BudgetPeriod(rawValue: budgetPeriod) else {
                throw ValidationError("--budget-period '\(budgetPeriod)': expected daily, weekly, monthly or total")
            }
            period = choice
        }
        var alerts = BudgetPolicy.defaultAlerts
        if let budgetAlerts {
            alerts = try budgetAlerts.split(separator: ",").map { part in
                guard let fraction = Double(part.trimmingCharacters(in: .whitespaces)), fraction > 0, fraction <= 1 else {
                    throw ValidationError("--budget-alerts '\(budgetAlerts)': expected fractions of the cap between 0 and 1, e.g. 0.5,0.8,1")
                }
                return fraction
            }
        }
        var action = BudgetAction.block
        if let onBudgetExceeded {
            guard let parsed = BudgetAction(text: onBudgetExceeded) else {
                throw ValidationError("--on-budget-exceeded '\(onBudgetExceeded)': expected block or downgrade:ROUTE")
            }
            action = parsed
        }
        let micros = Decimal(usd: budgetUSD).microdollars
        return (limits, routes, BudgetPolicy(limitMicros: micros, period: period, alertAt: alerts, onExceed: action))
    }

    /// `ROUTE:rpm=N,tpm=N`.
    private static func routeLimit(_ text: String) throws -> (String, RateLimits) {
        guard let colon = text.lastIndex(of: ":"), colon != text.startIndex else {
            throw ValidationError("--route-limit '\(text)': expected ROUTE:rpm=N,tpm=N,rpd=N,tpd=N")
        }
        let route = String(text[..<colon])
        var limits = RateLimits()
        for pair in text[text.index(after: colon)...].split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Int(parts[1]), value >= 1 else {
                throw ValidationError("--route-limit '\(text)': '\(pair)' is not NAME=N with N at least 1")
            }
            switch parts[0] {
            case "rpm": limits.requestsPerMinute = value
            case "tpm": limits.tokensPerMinute = value
            case "rpd": limits.requestsPerDay = value
            case "tpd": limits.tokensPerDay = value
            default: throw ValidationError("--route-limit '\(text)': unknown limit '\(parts[0])' (rpm, tpm, rpd, tpd)")
            }
        }
        guard !limits.isEmpty else { throw ValidationError("--route-limit '\(text)': no limit given") }
        return (route, limits)
    }
}
