/// When a budget runs out at its current burn rate. Pure: every input is an argument.
enum BudgetForecast: Sendable, Hashable {
    /// Spend has reached the limit.
    case exhausted
    /// Not enough history for a rate yet.
    case measuring
    /// Nothing spent over the window.
    case notBurning
    /// Runs out this many milliseconds from now.
    case exhaustsIn(ms: Int64)
    /// The period resets (in this many milliseconds) before the budget would run out.
    case resetsFirst(inMs: Int64)

    static func forecast(spentMicros: Int64, limitMicros: Int64, microsPerHour: Double?, nowMs: Int64, periodEndMs: Int64?) -> BudgetForecast {
        if spentMicros >= limitMicros { return .exhausted }
        guard let rate = microsPerHour else { return .measuring }
        guard rate > 0 else { return .notBurning }
        let hours = Double(limitMicros - spentMicros) / rate
        let remainingMs = hours * 3_600_000
        if let end = periodEndMs, Double(nowMs) + remainingMs >= Double(end) { return .resetsFirst(inMs: max(0, end - nowMs)) }
        return .exhaustsIn(ms: remainingMs >= 9e15 ? Int64(9e15) : Int64(remainingMs.rounded(.up)))
    }

    /// `exhausted`, `measuring`, `—`, `in 2h03m`, `resets in 3h12m` (`resets 3h12m` when `compact`).
    func text(compact: Bool) -> String {
        switch self {
        case .exhausted: "exhausted"
        case .measuring: "measuring"
        case .notBurning: "—"
        case .exhaustsIn(let ms): "in " + DisplayFormat.duration(ms: UInt64(ms))
        case .resetsFirst(let ms): (compact ? "resets " : "resets in ") + DisplayFormat.duration(ms: UInt64(ms))
        }
    }

    /// The forecast as a phrase (overview panel).
    var sentence: String {
        switch self {
        case .exhausted: "exhausted"
        case .measuring: "burn rate: measuring"
        case .notBurning: "not burning"
        case .exhaustsIn(let ms): "exhausts in " + DisplayFormat.duration(ms: UInt64(ms))
        case .resetsFirst(let ms): "resets in " + DisplayFormat.duration(ms: UInt64(ms)) + " before running out"
        }
    }

    var role: StyleRole {
        switch self {
        case .exhausted: .error
        case .exhaustsIn(let ms): ms < 3_600_000 ? .warning : .text
        case .measuring, .notBurning, .resetsFirst: .dim
        }
    }
}
