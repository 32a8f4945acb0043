public import SignalboxCore

extension AuditEntryDraft {
    /// The draft for an operator action recorded by the control plane or the admin API.
    public init(_ record: OperatorAuditRecord) {
        self.init(actor: record.actor, role: record.role.rawValue, action: record.action, target: record.target, details: record.details)
    }
}
