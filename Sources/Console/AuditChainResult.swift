public import SignalboxCore

/// What walking the persisted audit chain answered (`v` in the Audit view).
public enum AuditChainResult: Sendable, Hashable {
    case checked(OperatorAuditChainCheck)
    /// No store is open: there is no chain to verify.
    case storeOff
    case failed(String)
}
