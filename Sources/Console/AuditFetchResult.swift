public import SignalboxCore

/// What a read of the persisted audit log answered, as the Audit view shows it.
public enum AuditFetchResult: Sendable, Hashable {
    /// The newest entries, newest first; `limit` is how many were asked for (fewer: that is all).
    case entries([OperatorAuditEntrySummary], limit: Int)
    /// No store is open: operator actions are not persisted.
    case storeOff
    case failed(String)
}
