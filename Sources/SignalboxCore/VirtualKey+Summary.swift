extension RateLimits {
    /// `rpm 60, tpm 10000` (empty when no limit is set).
    public var summary: String {
        ceilings.map { "\($0.shortName) \($0.limit)" }.joined(separator: ", ")
    }
}

extension BudgetPolicy {
    /// `$10.00 monthly (block)` / `$5.00 daily (downgrade:cheap)`.
    public var summary: String {
        let cents = (limitMicros + 5_000) / 10_000
        let fraction = cents % 100
        return "$\(cents / 100).\(fraction < 10 ? "0" : "")\(fraction) \(period.rawValue) (\(onExceed.text))"
    }
}

extension VirtualKey {
    /// The key's limits and budget on one line: `rpm 60, tpm 10000; gpt-4o: rpm 5; budget $10.00 monthly (block)`.
    public var governanceSummary: String {
        var parts: [String] = []
        if !limits.isEmpty { parts.append(limits.summary) }
        for route in routeLimits.keys.sorted() { parts.append("\(route): \(routeLimits[route]!.summary)") }
        if let budget { parts.append("budget \(budget.summary)") }
        return parts.isEmpty ? "-" : parts.joined(separator: "; ")
    }
}
