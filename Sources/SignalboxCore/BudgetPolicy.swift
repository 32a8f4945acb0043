public import Foundation

/// A spending cap for one scope (a virtual key, a team, the whole gateway) over a calendar period.
/// Amounts are integral micro-dollars (USD × 1,000,000), as usage rows keep them.
public struct BudgetPolicy: Sendable, Hashable, Codable {
    public var limitMicros: Int64
    public var period: BudgetPeriod
    /// Fractions of the limit (0 < f ≤ 1) at which a `budgetAlert` event fires, once per period.
    public var alertAt: [Double]
    public var onExceed: BudgetAction

    public static let defaultAlerts: [Double] = [0.8, 1.0]

    public init(limitMicros: Int64, period: BudgetPeriod, alertAt: [Double] = BudgetPolicy.defaultAlerts, onExceed: BudgetAction = .block) {
        self.limitMicros = limitMicros
        self.period = period
        self.alertAt = alertAt.sorted()
        self.onExceed = onExceed
    }

    /// The limit in US dollars.
    public var limitUSD: Decimal { Decimal(limitMicros) / 1_000_000 }

    enum CodingKeys: String, CodingKey {
        case limitMicros = "limit_micros"
        case period
        case alertAt = "alert_at"
        case onExceed = "on_exceed"
    }
}

/// What happens to a request once a budget is used up.
public enum BudgetAction: Sendable, Hashable, Codable {
    /// Refused with 429 (`insufficient_quota`) until the period resets.
    case block
    /// Served by this (cheaper) route instead of the one asked for.
    case downgrade(route: String)

    public var downgradeRoute: String? {
        if case .downgrade(let route) = self { return route }
        return nil
    }

    /// `block` or `downgrade:ROUTE`, the CLI's and the store's spelling.
    public var text: String {
        switch self {
        case .block: "block"
        case .downgrade(let route): "downgrade:\(route)"
        }
    }

    public init?(text: String) {
        if text == "block" {
            self = .block
        } else if text.hasPrefix("downgrade:"), text.count > "downgrade:".count {
            self = .downgrade(route: String(text.dropFirst("downgrade:".count)))
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let action = BudgetAction(text: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "expected block or downgrade:ROUTE"))
        }
        self = action
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }
}

/// A budget's reset period, on UTC calendar boundaries: midnight, Monday midnight, the 1st.
public enum BudgetPeriod: String, Sendable, Hashable, Codable, CaseIterable {
    case daily, weekly, monthly
    /// Never resets.
    case total

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .iso8601)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The start of the period that contains `date` (the distant past for `total`).
    public func start(containing date: Date) -> Date {
        let calendar = Self.calendar
        switch self {
        case .daily: return calendar.startOfDay(for: date)
        case .weekly: return calendar.dateInterval(of: .weekOfYear, for: date)?.start ?? calendar.startOfDay(for: date)
        case .monthly: return calendar.dateInterval(of: .month, for: date)?.start ?? calendar.startOfDay(for: date)
        case .total: return Date(timeIntervalSince1970: 0)
        }
    }

    /// When the period that contains `date` ends (nil for `total`).
    public func end(containing date: Date) -> Date? {
        let calendar = Self.calendar
        let start = start(containing: date)
        switch self {
        case .daily: return calendar.date(byAdding: .day, value: 1, to: start)
        case .weekly: return calendar.date(byAdding: .day, value: 7, to: start)
        case .monthly: return calendar.date(byAdding: .month, value: 1, to: start)
        case .total: return nil
        }
    }
}

extension Decimal {
    /// A dollar amount given as a binary number (config, CLI, JSON), as the exact decimal of its
    /// shortest text (2.5, 0.075): no binary rounding error carried into prices and budgets.
    public init(usd value: Double) {
        self = Decimal(string: String(value), locale: Locale(identifier: "en_US_POSIX")) ?? Decimal(value)
    }

    /// US dollars as integral micro-dollars, rounded to the nearest (how usage rows and budgets count).
    public var microdollars: Int64 {
        var scaled = self * 1_000_000
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return Int64(truncating: rounded as NSDecimalNumber)
    }
}
