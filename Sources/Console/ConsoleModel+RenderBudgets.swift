import Engine
import SignalboxCore

extension ConsoleModel {
    /// Width from which the budgets table has room for every column.
    static let budgetsWideWidth = 110

    func drawKeysAndBudgets(into screen: inout ScreenBuffer) {
        if budgetBoard.fetched && budgetBoard.budgets.isEmpty && keySpend.keyedRequests == 0 {
            drawGovernanceEmptyState(into: &screen)
            return
        }
        let layout = budgetsLayout
        drawBudgetsTable(layout.budgets, into: &screen)
        drawTopSpenders(layout.spenders, into: &screen)
    }

    // MARK: - Budgets

    private func drawBudgetsTable(_ panel: Panel, into screen: inout ScreenBuffer) {
        let budgets = budgetBoard.budgets
        let title = budgets.isEmpty ? "Budgets" : "Budgets · \(budgets.count) · most used first"
        drawSectionTitle(title, into: &screen, x: panel.x, y: panel.y, width: panel.width, focused: true)
        let wide = width >= Self.budgetsWideWidth
        var columns: [TableLayout.Column] = [
            .init(title: "", width: 1), .init(title: "SCOPE", width: 14, flexible: true), .init(title: "PERIOD", width: 7),
            .init(title: "SPENT/LIMIT", width: 15, alignRight: true), .init(title: "USED", width: wide ? 16 : 9),
        ]
        if wide { columns.append(.init(title: "RESERVED", width: 9, alignRight: true)) }
        columns += [.init(title: "$/H", width: wide ? 8 : 6, alignRight: true), .init(title: "EXHAUSTS", width: wide ? 15 : 12)]
        if wide { columns.append(.init(title: "ON EXCEED", width: 16)) }
        let table = TableLayout(columns, x: panel.x, width: panel.width - 1)
        table.drawHeader(into: &screen, y: panel.y + 1)
        guard budgetBoard.fetched else {
            screen.put("reading budgets…", x: panel.x + 2, y: panel.firstRowY, role: .dim)
            return
        }
        guard !budgets.isEmpty else {
            screen.put(
                "no budgets set · give a key one: signalbox keys create --name NAME --budget-usd 5 --budget-period daily", x: panel.x + 2,
                y: panel.firstRowY, role: .dim, maxWidth: panel.width - 3)
            return
        }
        let selected = selectedBudgetIndex
        let top = min(max(0, selected - panel.rows + 1), max(0, budgets.count - panel.rows))
        let now = Int64(nowMs)
        for row in 0..<panel.rows where top + row < budgets.count {
            let budget = budgets[top + row]
            let fraction = BudgetBoard.usedFraction(budget)
            let rate = budgetBoard.microsPerHour(budget.scope)
            let forecast = budgetBoard.forecast(budget, nowMs: now)
            let isSelected = top + row == selected
            var cells: [TableLayout.Cell] = [
                .init(isSelected ? "▸" : " ", .accent), .init(budget.scope), .init(budget.period.rawValue, .dim),
                .init(DisplayFormat.usd(micros: budget.spentMicros) + "/" + DisplayFormat.usdLimit(micros: budget.limitMicros)),
                .init(Self.burnBar(fraction, width: table.columns[4].width), BudgetBoard.role(forFraction: fraction)),
            ]
            if wide {
                cells.append(.init(DisplayFormat.usdShort(micros: budget.reservedMicros), budget.reservedMicros > 0 ? .text : .dim))
            }
            cells.append(.init(rate.map { DisplayFormat.usdShort(micros: Int64($0.rounded())) } ?? "…", .dim))
            cells.append(.init(forecast.text(compact: !wide), forecast.role))
            if wide { cells.append(.init(budget.onExceed, budget.onExceed == "block" ? .text : .accent)) }
            table.drawRow(cells, into: &screen, y: panel.firstRowY + row)
        }
        if budgets.count > panel.rows {
            let more = "\(top + 1)–\(min(budgets.count, top + panel.rows)) of \(budgets.count)"
            screen.put(more, x: panel.width - DisplayFormat.displayWidth(more) - 2, y: panel.y, role: .dim)
        }
        drawBudgetDetail(budgets[selected], into: &screen, x: panel.x + 1, y: panel.y + panel.height, width: panel.width - 2)
    }

    /// Everything about the selected budget (the narrow table leaves some columns out), wrapped
    /// over the rows below the table.
    private func drawBudgetDetail(_ budget: BudgetStatus, into screen: inout ScreenBuffer, x: Int, y: Int, width: Int) {
        var parts = ["\(budget.scope): \(budget.period.rawValue) from \(Self.dayAndTime(budget.periodStartMs))"]
        if let end = budget.periodEndMs { parts[0] += " to \(Self.dayAndTime(end)) UTC" }
        parts.append("reserved in flight \(DisplayFormat.usd(micros: budget.reservedMicros))")
        parts.append("on exceed \(budget.onExceed)")
        if let alert = budgetBoard.alerts[budget.scope] {
            parts.append("last alert \(Int((alert.threshold * 100).rounded()))% at \(DisplayFormat.timeOfDay(ms: alert.timestampMs))")
        }
        for (offset, piece) in StyledLine.wrapWords(parts.joined(separator: " · "), width: width).prefix(Self.budgetDetailRows).enumerated() {
            screen.put(piece, x: x, y: y + offset, role: offset == 0 ? .text : .dim)
        }
    }

    /// `████░░░░ 52%`: a bar of the spent fraction in `width` columns with the percentage in words.
    static func burnBar(_ fraction: Double, width: Int) -> String {
        let percent = Int((max(0, fraction) * 100).rounded(.down))
        let label = (percent < 10 ? "  " : percent < 100 ? " " : "") + "\(percent)%"
        let barWidth = max(1, width - 1 - DisplayFormat.displayWidth(label))
        let filled = min(barWidth, Int((min(1, max(0, fraction)) * Double(barWidth)).rounded()))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: barWidth - filled) + " " + label
    }

    private static func dayAndTime(_ ms: Int64) -> String {
        let value = UInt64(max(0, ms))
        return String(DisplayFormat.date(ms: value).dropFirst(5)) + " " + String(DisplayFormat.timeOfDay(ms: value).prefix(5))
    }

    // MARK: - Top spenders

    private func drawTopSpenders(_ panel: Panel, into screen: inout ScreenBuffer) {
        guard panel.height > 0 else { return }
        let total =
            keySpend.keyedRequests == 0
            ? "" : " · \(DisplayFormat.plural(keySpend.byKey.count, "key")) · \(DisplayFormat.usdFine(micros: keySpend.totalCostMicros))"
        drawSectionTitle("Top spenders · this session\(total)", into: &screen, x: panel.x, y: panel.y, width: panel.width)
        guard panel.height > 1 else { return }
        let wide = width >= Self.budgetsWideWidth
        var columns: [TableLayout.Column] = [
            .init(title: "#", width: 3, alignRight: true), .init(title: "KEY", width: 14, flexible: true),
            .init(title: "REQUESTS", width: 8, alignRight: true), .init(title: "TOKENS", width: 8, alignRight: true),
            .init(title: "COST", width: 10, alignRight: true), .init(title: "SHARE", width: 6, alignRight: true),
        ]
        if wide { columns.append(.init(title: "", width: 24)) }
        let table = TableLayout(columns, x: panel.x, width: panel.width - 1)
        table.drawHeader(into: &screen, y: panel.y + 1)
        guard keySpend.keyedRequests > 0 else {
            screen.put(
                "no requests with a virtual key since the console started (keys need server.auth: virtual_keys)", x: panel.x + 2,
                y: panel.firstRowY, role: .dim, maxWidth: panel.width - 3)
            return
        }
        for (rank, spend) in keySpend.top(panel.rows).enumerated() {
            let share = keySpend.share(of: spend)
            var cells: [TableLayout.Cell] = [
                .init(String(rank + 1), .dim), .init(spend.keyID), .init(String(spend.requests)), .init(DisplayFormat.count(spend.tokens), .dim),
                .init(DisplayFormat.usdFine(micros: spend.costMicros)),
                .init(share.map { DisplayFormat.fixed($0 * 100, decimals: 0) + "%" } ?? "—", .dim),
            ]
            if wide, let share {
                let cellsWide = Int((share * 24).rounded())
                cells.append(.init(String(repeating: "▇", count: cellsWide), .accent))
            }
            table.drawRow(cells, into: &screen, y: panel.firstRowY + rank)
        }
    }

    // MARK: - Empty state

    private func drawGovernanceEmptyState(into screen: inout ScreenBuffer) {
        drawSectionTitle("Keys & Budgets", into: &screen, x: 0, y: 2, width: width)
        drawParagraph(
            [
                StyledLine("No budgets, and no requests with a virtual key yet.", role: .title),
                StyledLine(),
                StyledLine(
                    "Budgets cap what a virtual key, a team or the whole gateway may spend per day, week or month. "
                        + "Create a key with a budget (the gateway needs server.auth: virtual_keys):", role: .text),
                StyledLine(),
                StyledLine("  signalbox keys create --name ci --budget-usd 5 --budget-period daily", role: .keyHint),
                StyledLine(),
                StyledLine(
                    "and send requests with it. This view then shows each budget's spend, burn rate and time to exhaustion, "
                        + "and ranks the keys that cost most since the console started.", role: .dim),
                StyledLine(),
                StyledLine(
                    "Team and gateway budgets: limits.teams[].budget and limits.budget in the config. "
                        + "Change a key's budget with signalbox keys limits KEY_ID --budget-usd N.", role: .dim),
            ], into: &screen, y: 4)
    }
}
