public import SignalboxCore

extension SQLiteAuditLog: OperatorAuditTrail {
    public func record(_ record: OperatorAuditRecord) async throws {
        try await append(AuditEntryDraft(record))
    }
}
