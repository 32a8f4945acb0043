/// The console's top-level views, chosen with the number keys.
public enum ConsoleView: Int, CaseIterable, Sendable, Hashable {
    case overview = 1
    case requests
    case providers
    case keysAndBudgets
    case cache
    case audit

    public var title: String {
        switch self {
        case .overview: "Overview"
        case .requests: "Requests"
        case .providers: "Providers"
        case .keysAndBudgets: "Keys & Budgets"
        case .cache: "Cache"
        case .audit: "Audit"
        }
    }

    /// The tab label on narrow terminals.
    var shortTitle: String { self == .keysAndBudgets ? "Keys" : title }

    /// Resolves `:view` arguments: a number or a (prefix of a) name.
    init?(argument: String) {
        let lowered = argument.lowercased()
        if let number = Int(lowered), let view = ConsoleView(rawValue: number) {
            self = view
            return
        }
        let aliases: [(String, ConsoleView)] = [
            ("overview", .overview), ("requests", .requests), ("providers", .providers), ("keys", .keysAndBudgets),
            ("budgets", .keysAndBudgets), ("cache", .cache), ("audit", .audit),
        ]
        guard !lowered.isEmpty, let match = aliases.first(where: { $0.0.hasPrefix(lowered) }) else { return nil }
        self = match.1
    }
}
