public import Foundation

/// Per-request usage, for budgets and reports. Writes go through `StoreWriter`; reads are for
/// budgets loaded at start and for reports, never per request.
public protocol UsageStore: Sendable {
    func record(_ records: [UsageRecord]) async throws
    /// Totals for one key (nil: requests without a key) since `since`.
    func totals(keyID: String?, since: Date) async throws -> UsageTotals
}
