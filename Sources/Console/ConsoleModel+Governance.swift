public import Engine
public import SignalboxCore

extension ConsoleModel {
    // MARK: - Budgets

    /// A budget fetch, taken as observed now (its spend is a burn-rate sample).
    public mutating func apply(budgets statuses: [BudgetStatus]) {
        budgetBoard.apply(statuses, nowMs: Int64(nowMs))
        if let selected = selectedBudget, !statuses.contains(where: { $0.scope == selected }) { selectedBudget = nil }
        changed()
    }

    /// The selected budget row (the most used one until the operator moves).
    var selectedBudgetIndex: Int {
        selectedBudget.flatMap { scope in budgetBoard.budgets.firstIndex { $0.scope == scope } } ?? 0
    }

    mutating func moveBudgetSelection(by delta: Int) {
        let budgets = budgetBoard.budgets
        guard !budgets.isEmpty else { return }
        let target = min(budgets.count - 1, max(0, selectedBudgetIndex.addingReportingOverflow(delta).partialValue))
        selectedBudget = budgets[target].scope
    }

    // MARK: - Audit

    public mutating func apply(audit result: AuditFetchResult) {
        audit.apply(result, nowMs: nowMs)
        auditSelection = min(auditSelection, max(0, auditRowCount - 1))
        if case .failed(let message) = result, view == .audit { showStatus("audit log not read: \(message)", kind: .error) }
        changed()
    }

    public mutating func apply(auditChain result: AuditChainResult) {
        switch result {
        case .checked(let check):
            audit.chain = .checked(check, atMs: nowMs)
            switch check {
            case .intact(let through):
                showStatus(through == 0 ? "audit chain verified: the log is empty" : "audit chain verified through #\(through)", kind: .success)
            case .broken(let sequence, let problem):
                showStatus("audit chain BROKEN at #\(sequence): \(problem)", kind: .error)
            }
        case .storeOff:
            audit.source = .storeOff
            audit.chain = .unchecked
            showStatus("the store is off: there is no audit chain to verify", kind: .info)
        case .failed(let message):
            audit.chain = .failed(message)
            showStatus("audit chain not verified: \(message)", kind: .error)
        }
        changed()
    }

    /// Rows the Audit view lists: persisted entries, or this session's actions without a store.
    var auditRowCount: Int {
        if case .persisted(let entries, _) = audit.source { return entries.count }
        return actionLog.count
    }

    /// The fetch that brings the Audit view up to date; nil when it is not shown or there is no store.
    var auditRefresh: ConsoleEffect? {
        view == .audit && !audit.isStoreOff ? .loadAudit(limit: audit.limit) : nil
    }

    /// Asks for the next page once the list is scrolled to its last loaded row and more may exist.
    mutating func auditPaging() -> [ConsoleEffect] {
        guard view == .audit, audit.mayHaveMore, auditSelection >= auditRowCount - 1 else { return [] }
        guard audit.limit <= auditRowCount else { return [] }  // a bigger page is already on its way
        audit.limit += AuditViewState.pageSize
        return [.loadAudit(limit: audit.limit)]
    }

    mutating func verifyAuditChain() -> [ConsoleEffect] {
        if audit.isStoreOff {
            showStatus("the store is off: there is no audit chain to verify", kind: .info)
            return []
        }
        if audit.chain == .checking { return [] }
        audit.chain = .checking
        showStatus("verifying the audit chain…", kind: .info)
        return [.verifyAuditChain]
    }
}
