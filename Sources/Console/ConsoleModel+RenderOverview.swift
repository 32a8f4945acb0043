import DequeModule
import Engine
import SignalboxCore

extension ConsoleModel {
    /// Width from which the Requests view has a CACHE column.
    static let requestsCacheColumnWidth = 100

    func drawOverview(into screen: inout ScreenBuffer) {
        let layout = overviewLayout
        drawProvidersTable(layout.providers, into: &screen, focused: overviewPanel == .providers)
        drawStream(layout.stream, into: &screen, focused: overviewPanel == .requests, wide: false)
        drawTimeline(layout.timeline, into: &screen)
        drawBudget(layout.budget, into: &screen)
    }

    private func drawProvidersTable(_ panel: Panel, into screen: inout ScreenBuffer, focused: Bool) {
        drawSectionTitle("Providers", into: &screen, x: panel.x, y: panel.y, width: panel.width, focused: focused)
        let table = TableLayout(
            [
                .init(title: "", width: 1), .init(title: "HEALTH", width: 10), .init(title: "PROVIDER", width: 14, flexible: true),
                .init(title: "REQ/S", width: 7, alignRight: true), .init(title: "P50", width: 7, alignRight: true),
                .init(title: "ERR%", width: 6, alignRight: true), .init(title: "BREAKER", width: 8), .init(title: "KEYS", width: 10),
            ], x: panel.x, width: panel.width - 1)
        table.drawHeader(into: &screen, y: panel.y + 1)
        guard !providers.isEmpty else {
            screen.put("no providers reported yet", x: panel.x + 2, y: panel.firstRowY, role: .dim)
            return
        }
        let selected = providers.firstIndex { $0.id == selectedProvider } ?? 0
        let top = min(max(0, selected - panel.rows + 1), max(0, providers.count - panel.rows))
        for row in 0..<panel.rows where top + row < providers.count {
            let index = top + row
            let entry = providers[index]
            let y = panel.firstRowY + row
            let health = entry.health(nowMs: nowMs)
            let recent = entry.stats.attempts.totals(lastSeconds: 60, nowMs: nowMs)
            let rate = entry.stats.requests.perSecond(lastSeconds: Self.rateSeconds, nowMs: nowMs, sinceMs: startedMs)
            let isSelected = index == selected
            table.drawRow(
                [
                    .init(isSelected ? "▸" : " ", .accent), .init("\(health.glyph) \(health.word)", health.role), .init(entry.id),
                    .init(DisplayFormat.rate(rate)), .init(entry.stats.latency.percentile(0.5).map { DisplayFormat.latency(ms: $0) } ?? "—"),
                    .init(DisplayFormat.percent(recent.failures, of: recent.events), recent.failures > 0 ? .warning : .text),
                    .init(entry.breakerSummary, entry.breakerRole), .init(keySummary(entry), .dim),
                ], into: &screen, y: y)
            if isSelected && focused {
                // Highlight the name columns only: the health cells keep their role (and meaning).
                let nameX = table.x + table.columns[0].width + table.columns[1].width + 2
                screen.restyle(x: nameX, y: y, width: table.totalWidth - (nameX - table.x), height: 1, role: .selection)
            }
        }
        if providers.count > panel.rows {
            let more = "\(providers.count - panel.rows) more · 3 Providers"
            screen.put(more, x: panel.width - DisplayFormat.displayWidth(more) - 2, y: panel.y, role: .dim)
        }
    }

    func keySummary(_ entry: ProviderEntry) -> String {
        guard entry.snapshot != nil else { return "—" }
        let paused = entry.keys.filter(\.paused).count
        let count = entry.keys.count
        return paused > 0 ? "\(count - paused)/\(count) active" : DisplayFormat.plural(count, "key")
    }

    /// The request stream, newest first. `wide` adds the columns the Requests view has room for.
    func drawStream(_ panel: Panel, into screen: inout ScreenBuffer, focused: Bool, wide: Bool) {
        guard panel.height > 0 else { return }
        let state = following ? "following" : "frozen"
        let filter = log.filter.isEmpty ? "" : " · filter \(log.filter.text)"
        drawSectionTitle(
            "Requests · \(state) · \(log.visibleCount)\(log.filter.isEmpty ? "" : "/\(log.count)")\(filter)", into: &screen, x: panel.x,
            y: panel.y, width: panel.width, focused: focused)
        guard panel.height > 1 else { return }
        let showFullID = wide && panel.width >= 150
        var columns: [TableLayout.Column] = [
            .init(title: "", width: 1), .init(title: "TIME", width: 8), .init(title: "STATUS", width: 6),
            .init(title: "PROVIDER", width: 12), .init(title: "MODEL", width: 12, flexible: true),
            .init(title: "LATENCY", width: 8, alignRight: true), .init(title: "TOKENS", width: 6, alignRight: true),
        ]
        if wide { columns += [.init(title: "TRY", width: 3, alignRight: true), .init(title: "KIND", width: 6)] }
        let showCache = wide && panel.width >= Self.requestsCacheColumnWidth
        if showCache { columns.append(.init(title: "CACHE", width: 5)) }
        columns.append(.init(title: "ID", width: showFullID ? 30 : 10))
        let table = TableLayout(columns, x: panel.x, width: panel.width - 1)
        table.drawHeader(into: &screen, y: panel.y + 1)
        guard log.visibleCount > 0 else {
            let message = log.count == 0 ? "waiting for requests…" : "no request matches the filter (Esc clears it)"
            screen.put(message, x: panel.x + 2, y: panel.firstRowY, role: .dim)
            return
        }
        let window = streamWindow(rows: panel.rows)
        for row in 0..<panel.rows {
            guard let sequence = log.visibleSequence(at: window.top + row), let request = log.row(sequence: sequence) else { break }
            let y = panel.firstRowY + row
            let isSelected = window.top + row == window.selected
            var cells: [TableLayout.Cell] = [
                .init(isSelected ? "▸" : " ", .accent), .init(DisplayFormat.timeOfDay(ms: request.startedMs), .dim),
                .init(request.statusText, request.statusRole), .init(request.provider.isEmpty ? "—" : request.provider),
                .init(request.model.isEmpty ? request.requestedModel : request.model),
                .init(request.latencyMs.map { DisplayFormat.latency(ms: $0) } ?? "…", request.isInFlight ? .dim : .text),
                .init(request.totalTokens.map(DisplayFormat.count) ?? "—", .dim),
            ]
            if wide {
                cells.append(.init(request.attempts > 0 ? String(request.attempts) : "—", request.attempts > 1 ? .warning : .dim))
                cells.append(.init(request.stream ? "stream" : request.endpoint == .chatCompletions ? "chat" : request.endpoint.rawValue, .dim))
            }
            if showCache {
                cells.append(.init(request.cache?.shortText ?? "", request.cache?.outcome.isHit == true ? .accent : .dim))
            }
            cells.append(.init(showFullID ? request.id.rawValue : DisplayFormat.tail(request.id.rawValue, 10), .dim))
            table.drawRow(cells, into: &screen, y: y)
            if isSelected && focused {
                // The status cell keeps its role so failures stay visible under the cursor.
                let statusX = table.x + table.columns[0].width + table.columns[1].width + 2
                let afterStatus = statusX + table.columns[2].width + 1
                screen.restyle(x: table.x + 2, y: y, width: statusX - table.x - 2, height: 1, role: .selection)
                screen.restyle(x: afterStatus, y: y, width: table.totalWidth - (afterStatus - table.x), height: 1, role: .selection)
            }
        }
    }

    private func drawTimeline(_ panel: Panel, into screen: inout ScreenBuffer) {
        guard panel.height > 0 else { return }
        drawSectionTitle("Events", into: &screen, x: panel.x, y: panel.y, width: panel.width)
        guard !timeline.isEmpty else {
            if panel.rows > 0 { screen.put("no failovers, failures or operator actions yet", x: panel.x + 2, y: panel.firstRowY, role: .dim) }
            return
        }
        // Newest first; long entries wrap under their text so narrow panels stay readable.
        let textX = panel.x + 12
        let textWidth = max(10, panel.x + panel.width - textX - 1)
        var row = 0
        var index = timeline.count - 1
        while row < panel.rows, index >= 0 {
            let entry = timeline[index]
            let y = panel.firstRowY + row
            screen.put(DisplayFormat.timeOfDay(ms: entry.timestampMs), x: panel.x + 1, y: y, role: .dim)
            screen.put(String(entry.glyph), x: panel.x + 10, y: y, role: entry.role)
            for piece in StyledLine.wrapWords(entry.text, width: textWidth) where row < panel.rows {
                screen.put(piece, x: textX, y: panel.firstRowY + row, role: .text)
                row += 1
            }
            index -= 1
        }
    }

    /// The most used budgets, one line each (the full table is on 4 Keys & Budgets).
    private func drawBudget(_ panel: Panel, into screen: inout ScreenBuffer) {
        guard panel.height > 0 else { return }
        let budgets = budgetBoard.budgets
        var rowsY = panel.y + 1
        var x = panel.x + 2
        if panel.height == 1 {
            x = screen.put("Budgets ", x: panel.x + 1, y: panel.y, role: .title)
            rowsY = panel.y
        } else {
            let title = budgets.isEmpty ? "Budgets" : "Budgets · \(budgets.count) · most used first"
            drawSectionTitle(title, into: &screen, x: panel.x, y: panel.y, width: panel.width)
        }
        guard !budgets.isEmpty else {
            let text = budgetBoard.fetched ? "none set · 4 Keys & Budgets shows how to give a key one" : "reading budgets…"
            screen.put(text, x: x, y: rowsY, role: .dim, maxWidth: panel.x + panel.width - x - 1)
            return
        }
        let rows = max(1, panel.height - 1)
        for (offset, budget) in budgets.prefix(rows).enumerated() {
            var cursor = offset == 0 ? x : panel.x + 2
            let y = rowsY + offset
            let fraction = BudgetBoard.usedFraction(budget)
            let forecast = budgetBoard.forecast(budget, nowMs: Int64(nowMs))
            cursor = screen.put(DisplayFormat.column(budget.scope, 24), x: cursor, y: y, role: .text) + 1
            cursor = screen.put(Self.burnBar(fraction, width: 15), x: cursor, y: y, role: BudgetBoard.role(forFraction: fraction)) + 2
            let limit = DisplayFormat.usdLimit(micros: budget.limitMicros)
            let spent = DisplayFormat.usd(micros: budget.spentMicros) + "/" + limit + " " + budget.period.rawValue
            cursor = screen.put(spent, x: cursor, y: y, role: .text) + 2
            cursor = screen.put(forecast.sentence, x: cursor, y: y, role: forecast.role, maxWidth: panel.x + panel.width - cursor - 1)
            if offset == rows - 1, budgets.count > rows {
                let more = " · \(budgets.count - rows) more on 4"
                screen.put(more, x: cursor, y: y, role: .dim, maxWidth: panel.x + panel.width - cursor - 1)
            }
        }
    }
}
