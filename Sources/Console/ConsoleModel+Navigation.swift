import SignalboxCore

extension ConsoleModel {
    /// Rows between the two top bars and the two bottom bars.
    var contentHeight: Int { max(0, height - 4) }

    /// What the arrow keys move in the current view.
    enum Cursor {
        case requests
        case providers
        case providerTree
        case budgets
        case audit
        case none
    }

    var cursor: Cursor {
        switch view {
        case .overview: overviewPanel == .requests ? .requests : .providers
        case .requests: .requests
        case .providers: .providerTree
        case .audit: .audit
        case .keysAndBudgets: .budgets
        case .cache: .none
        }
    }

    /// Rows a page key moves: the visible rows of whatever the cursor is in.
    var pageSize: Int {
        if overlay != nil { return contentHeight }
        switch cursor {
        case .requests: return streamRows
        case .providers: return overviewLayout.providerRows
        case .providerTree: return providersLayout.listRows
        case .budgets: return budgetsLayout.budgets.rows
        case .audit: return auditListRows
        case .none: return 1
        }
    }

    /// Visible rows of the request stream in the current view.
    var streamRows: Int {
        view == .requests ? requestsLayout.listRows : overviewLayout.stream.rows
    }

    /// The stream's window (newest first): index of the top row and of the selected row.
    func streamWindow(rows: Int) -> (top: Int, selected: Int) {
        guard !following, log.visibleCount > 0 else { return (0, 0) }
        let selected = selectedSequence.flatMap(log.displayIndex(nearest:)) ?? 0
        var top = topSequence.flatMap(log.displayIndex(nearest:)) ?? selected
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        return (max(0, top), selected)
    }

    mutating func move(by delta: Int) {
        switch cursor {
        case .requests: moveStream(by: delta)
        case .providers:
            let ids = providers.map(\.id)
            guard !ids.isEmpty else { return }
            let current = selectedProvider.flatMap { ids.firstIndex(of: $0) } ?? 0
            selectedProvider = ids[min(ids.count - 1, max(0, current + delta))]
            selectedKey = nil
        case .providerTree:
            let rows = providerTree
            guard !rows.isEmpty else { return }
            let current = rows.firstIndex { $0.provider == selectedProvider && $0.key == selectedKey } ?? 0
            let target = rows[min(rows.count - 1, max(0, current + delta))]
            selectedProvider = target.provider
            selectedKey = target.key
        case .budgets:
            moveBudgetSelection(by: delta)
        case .audit:
            auditSelection = min(max(0, auditRowCount - 1), max(0, auditSelection.addingReportingOverflow(delta).partialValue))
        case .none:
            break
        }
    }

    mutating func moveToEnd(newest: Bool) {
        switch cursor {
        case .requests:
            if newest {
                following = true
                selectedSequence = nil
                topSequence = nil
            } else {
                moveStream(by: log.visibleCount)
            }
        case .audit:
            auditSelection = newest ? 0 : max(0, auditRowCount - 1)
        default:
            move(by: newest ? -10_000 : 10_000)
        }
    }

    private mutating func moveStream(by delta: Int) {
        guard log.visibleCount > 0 else { return }
        let rows = max(1, streamRows)
        let window = streamWindow(rows: rows)
        let selected = min(log.visibleCount - 1, max(0, window.selected + delta))
        // Moving away from the newest row freezes the stream: the operator is reading it.
        if following && selected == 0 { return }
        following = false
        selectedSequence = log.visibleSequence(at: selected)
        var top = window.top
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        topSequence = log.visibleSequence(at: top)
    }

    mutating func toggleFollow() {
        if following {
            following = false
            selectedSequence = log.visibleSequence(at: 0)
            topSequence = selectedSequence
            showStatus("stream frozen: new requests collect above (f follows again)", kind: .info)
        } else {
            following = true
            selectedSequence = nil
            topSequence = nil
            showStatus("following new requests", kind: .info)
        }
    }

    /// Re-anchors the window after a resize so the selection stays on screen.
    mutating func keepSelectionVisible() {
        guard !following, log.visibleCount > 0 else { return }
        let window = streamWindow(rows: max(1, streamRows))
        topSequence = log.visibleSequence(at: window.top)
    }

    mutating func openSelection() -> [ConsoleEffect] {
        if view == .overview && overviewPanel == .providers {
            view = .providers
            selectedKey = nil
            return [.refreshProviders]
        }
        guard let row = selectedRequest else {
            showStatus("no request selected", kind: .info)
            return []
        }
        overlay = .inspector(InspectorState(id: row.id))
        return [.loadRequest(row.id)]
    }

    /// Rows of the Providers view: each provider followed by its keys.
    struct ProviderTreeRow: Hashable {
        var provider: String
        var key: String?
    }

    var providerTree: [ProviderTreeRow] {
        providers.flatMap { entry in
            [ProviderTreeRow(provider: entry.id, key: nil)] + entry.keys.map { ProviderTreeRow(provider: entry.id, key: $0.id) }
        }
    }
}
