/// Where the control plane writes the operator actions it executed: the store's hash-chained audit
/// log (`SQLiteAuditLog`). A protocol here so the engine records actions without depending on the store.
public protocol OperatorAuditTrail: Sendable {
    /// Appends one record; returns once it is durable (or throws).
    func record(_ record: OperatorAuditRecord) async throws
}
