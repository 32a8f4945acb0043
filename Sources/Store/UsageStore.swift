public import Foundation
public import SignalboxCore

/// Per-request usage, for budgets and reports. Writes go through `StoreWriter`; reads are for
/// budgets loaded at start and for reports, never per request.
public protocol UsageStore: Sendable {
    func record(_ records: [UsageRecord]) async throws
    /// Totals for one key (nil: requests without a key) since `since`.
    func totals(keyID: String?, since: Date) async throws -> UsageTotals
    /// Micro-dollars spent by a budget's scope (a key, a team's keys, everyone) in
    /// `[fromMs, untilMs)`; requests of unknown price count nothing.
    func spentMicros(_ scope: BudgetScope, fromMs: Int64, untilMs: Int64) async throws -> Int64
}
