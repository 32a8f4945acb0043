extension RateLimits {
    /// `rpm 60, tpm 10000` (empty when no limit is set).
    public var summary: String {
        ceilings.map { "\($0.shortName) \($0.limit)" }.joined(separator: ", ")
    }
}

extension BudgetPolicy {
    /// `$10.00 monthly (block)` / `$5.00 daily (downgrade:cheap)`.
    public var summary: String {
        "\(Self.usd(micros: limitMicros)) \(period.rawValue) (\(onExceed.text))"
    }

    /// `$12.50`, or every significant digit below a cent (`$0.0003`).
    public static func usd(micros: Int64) -> String {
        let whole = micros / 1_000_000
        var fraction = String(micros % 1_000_000)
        fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "$\(whole).\(fraction)"
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
