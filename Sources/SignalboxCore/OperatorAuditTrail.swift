/// Where the control plane writes the operator actions it executed, and reads them back for the
/// console: the store's hash-chained audit log (`SQLiteAuditLog`). A protocol here so the engine
/// records actions without depending on the store.
public protocol OperatorAuditTrail: Sendable {
    /// Appends one record; returns once it is durable (or throws).
    func record(_ record: OperatorAuditRecord) async throws
    /// The newest `limit` entries of every actor (console, admin API, CLI), newest first.
    func recentActions(limit: Int) async throws -> [OperatorAuditEntrySummary]
    /// Walks the whole chain (reads every entry: run it on request, not on a timer).
    func verifyChain() async throws -> OperatorAuditChainCheck
}
