extension ConsoleModel {
    /// A rectangle of rows on screen; `rows` counts the list rows below its title (and header).
    struct Panel: Sendable, Hashable {
        var x: Int
        var y: Int
        var width: Int
        var height: Int
        /// Lines above the list: title, and a column header for tables.
        var chrome: Int

        var rows: Int { max(0, height - chrome) }
        var firstRowY: Int { y + chrome }
    }

    /// Where the overview's panels go. Shared by rendering and key handling (page size), so a page
    /// key moves exactly one visible page.
    struct OverviewLayout: Sendable, Hashable {
        var providers: Panel
        var stream: Panel
        var timeline: Panel
        var budget: Panel

        var providerRows: Int { providers.rows }
    }

    var overviewLayout: OverviewLayout {
        let top = 2
        let contentHeight = self.contentHeight
        let compact = height < 30
        let providerRows = max(1, min(providers.count, compact ? 3 : 8))
        let providersPanel = Panel(x: 0, y: top, width: width, height: 2 + providerRows, chrome: 2)
        let budgetHeight = compact ? 1 : 3
        let budget = Panel(x: 0, y: top + contentHeight - budgetHeight, width: width, height: budgetHeight, chrome: 1)
        let remainingTop = providersPanel.y + providersPanel.height
        let remaining = max(0, budget.y - remainingTop)
        if width >= Self.timelinePanelMinWidth {
            let streamWidth = width * 62 / 100
            return OverviewLayout(
                providers: providersPanel,
                stream: Panel(x: 0, y: remainingTop, width: streamWidth, height: remaining, chrome: 2),
                timeline: Panel(x: streamWidth + 1, y: remainingTop, width: width - streamWidth - 1, height: remaining, chrome: 1),
                budget: budget)
        }
        let timelineHeight = max(3, remaining / 3)
        return OverviewLayout(
            providers: providersPanel,
            stream: Panel(x: 0, y: remainingTop, width: width, height: remaining - timelineHeight, chrome: 2),
            timeline: Panel(x: 0, y: remainingTop + remaining - timelineHeight, width: width, height: timelineHeight, chrome: 1),
            budget: budget)
    }

    struct RequestsLayout: Sendable, Hashable {
        var list: Panel
        /// Details of the selected row below the list on tall terminals.
        var preview: Panel?

        var listRows: Int { list.rows }
    }

    var requestsLayout: RequestsLayout {
        let previewHeight = height >= 30 ? 5 : 0
        let list = Panel(x: 0, y: 2, width: width, height: contentHeight - previewHeight, chrome: 2)
        let preview = previewHeight > 0 ? Panel(x: 0, y: 2 + list.height, width: width, height: previewHeight, chrome: 1) : nil
        return RequestsLayout(list: list, preview: preview)
    }

    struct ProvidersLayout: Sendable, Hashable {
        var list: Panel
        var detail: Panel

        var listRows: Int { list.rows }
    }

    var providersLayout: ProvidersLayout {
        let wanted = max(1, providerTree.count) + 2
        let listHeight = min(wanted, max(4, contentHeight / 2))
        return ProvidersLayout(
            list: Panel(x: 0, y: 2, width: width, height: listHeight, chrome: 2),
            detail: Panel(x: 0, y: 2 + listHeight, width: width, height: contentHeight - listHeight, chrome: 1))
    }

    /// Rows under the budgets table that show the selected budget in full.
    static let budgetDetailRows = 2

    /// Keys & Budgets: the budgets table (title, header, rows, then the selected budget's detail)
    /// above the top spenders (title, header, rows), a blank row between them.
    struct BudgetsLayout: Sendable, Hashable {
        var budgets: Panel
        var spenders: Panel
    }

    var budgetsLayout: BudgetsLayout {
        let budgetRows = max(1, budgetBoard.budgets.count)
        let spenderRows = max(1, min(keySpend.byKey.count, 10))
        // The spenders keep up to a third of the screen; the budgets take what they need of the rest.
        let spendersHeight = min(2 + spenderRows, max(3, contentHeight / 3))
        let detail = Self.budgetDetailRows
        let budgetsHeight = max(3 + detail, min(2 + budgetRows + detail, contentHeight - spendersHeight - 1))
        return BudgetsLayout(
            budgets: Panel(x: 0, y: 2, width: width, height: budgetsHeight - detail, chrome: 2),
            spenders: Panel(x: 0, y: 2 + budgetsHeight + 1, width: width, height: max(0, contentHeight - budgetsHeight - 1), chrome: 2))
    }

    /// Rows under the Audit view's list that show the selected entry in full.
    static let auditDetailRows = 2

    /// Rows of the Audit view's list (below its title, state line and column header; above the detail).
    var auditListRows: Int { max(1, contentHeight - 3 - Self.auditDetailRows) }
}
