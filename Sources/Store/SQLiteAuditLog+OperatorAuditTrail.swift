public import SignalboxCore

extension SQLiteAuditLog: OperatorAuditTrail {
    public func record(_ record: OperatorAuditRecord) async throws {
        try await append(AuditEntryDraft(record))
    }

    public func recentActions(limit: Int) async throws -> [OperatorAuditEntrySummary] {
        try await recent(limit: limit).map(\.summary)
    }

    public func verifyChain() async throws -> OperatorAuditChainCheck {
        switch try await verify() {
        // An intact chain has no gaps: its entries are 1…count.
        case .intact(let entries): .intact(throughSequence: Int64(entries))
        case .broken(let problem): .broken(sequence: problem.entryID, problem: problem.description)
        }
    }
}
