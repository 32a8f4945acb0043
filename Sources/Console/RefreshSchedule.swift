/// When the runner fetches engine state without an operator asking: providers every 2 s; budgets
/// every second while Keys & Budgets is shown and every 5 s otherwise (the overview's panel, and
/// burn-rate history for when the view opens); the audit log every 2 s while the Audit view is
/// shown; the cache's size every second while the Cache view is shown (never otherwise: the
/// overview's hit rate comes from events). Pure: time comes in as an argument. Fetches run in
/// effect tasks, never on the hot path.
struct RefreshSchedule: Sendable {
    static let providersMs: UInt64 = 2_000
    static let budgetsShownMs: UInt64 = 1_000
    static let budgetsHiddenMs: UInt64 = 5_000
    static let auditMs: UInt64 = 2_000
    static let cacheMs: UInt64 = 1_000

    private var providersAtMs: UInt64
    private var budgetsAtMs: UInt64
    private var auditAtMs: UInt64
    private var cacheAtMs: UInt64

    /// `nowMs`: when the runner started (and fetched providers and budgets once).
    init(nowMs: UInt64) {
        providersAtMs = nowMs
        budgetsAtMs = nowMs
        auditAtMs = nowMs
        cacheAtMs = nowMs
    }

    /// The fetches due at `nowMs` for a console showing `view`; `auditRefresh` and `cacheRefresh`
    /// are the model's (nil when their view is not shown).
    mutating func due(nowMs: UInt64, view: ConsoleView, auditRefresh: ConsoleEffect?, cacheRefresh: ConsoleEffect? = nil) -> [ConsoleEffect] {
        var effects: [ConsoleEffect] = []
        if nowMs >= providersAtMs + Self.providersMs {
            providersAtMs = nowMs
            effects.append(.refreshProviders)
        }
        let budgetsEvery = view == .keysAndBudgets ? Self.budgetsShownMs : Self.budgetsHiddenMs
        if nowMs >= budgetsAtMs + budgetsEvery {
            budgetsAtMs = nowMs
            effects.append(.refreshBudgets)
        }
        if let auditRefresh, nowMs >= auditAtMs + Self.auditMs {
            auditAtMs = nowMs
            effects.append(auditRefresh)
        }
        if let cacheRefresh, nowMs >= cacheAtMs + Self.cacheMs {
            cacheAtMs = nowMs
            effects.append(cacheRefresh)
        }
        return effects
    }
}
