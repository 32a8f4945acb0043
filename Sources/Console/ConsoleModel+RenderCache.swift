extension ConsoleModel {
    /// Columns left of the chart: the percentage labels and the axis.
    static let cacheChartX = 6

    /// Rows of the hit-rate chart: taller on tall terminals.
    var cacheChartRows: Int { contentHeight >= 30 ? 8 : contentHeight >= 20 ? 4 : 3 }

    /// Buckets the chart draws: whole minutes of 10 s buckets, as many as fit (at most the history).
    var cacheChartBuckets: Int {
        let perMinute = Int(60_000 / CacheHitHistory.bucketMs)
        let fit = (width - Self.cacheChartX - 1) / perMinute * perMinute
        return max(perMinute, min(CacheHitHistory.capacity, fit))
    }

    func drawCache(into screen: inout ScreenBuffer) {
        guard !cacheBoard.isOff else {
            drawCacheEmptyState(into: &screen)
            return
        }
        var y = drawHitRateChart(into: &screen, y: 2)
        y = drawCacheSummary(into: &screen, y: y)
        drawTopPrompts(into: &screen, y: y)
    }

    // MARK: - Hit rate over time

    /// Title, chart and time axis; returns the row below them.
    private func drawHitRateChart(into screen: inout ScreenBuffer, y top: Int) -> Int {
        let count = cacheChartBuckets
        let minutes = count * Int(CacheHitHistory.bucketMs) / 60_000
        drawSectionTitle(
            "Hit rate · last \(minutes) min in 10 s buckets · █ exact  ▒ semantic  · no lookups", into: &screen, x: 0, y: top, width: width)
        let rows = cacheChartRows
        let chartX = Self.cacheChartX
        for row in 0..<rows {
            let label = row == 0 ? "100%" : (rows >= 4 && row == rows / 2) ? "50%" : ""
            screen.put(DisplayFormat.column(label, 4, alignRight: true), x: 1, y: top + 1 + row, role: .dim)
            screen.put("│", x: chartX - 1, y: top + 1 + row, role: .border)
        }
        for (column, bucket) in cacheBoard.history.window(count: count, endingAtMs: nowMs).enumerated() {
            for (row, cell) in Self.hitRateColumn(bucket, rows: rows).enumerated() where cell.glyph != " " {
                screen.put(String(cell.glyph), x: chartX + column, y: top + rows - row, role: cell.role)
            }
        }
        let axisY = top + 1 + rows
        screen.put("└" + String(repeating: "─", count: count), x: chartX - 1, y: axisY, role: .border)
        // Labels on the axis: the left edge, every 5 minutes, and now (skipped where they would touch).
        let perMinute = Int(60_000 / CacheHitHistory.bucketMs)
        var labels: [(column: Int, text: String)] = [(0, "-\(minutes)m")]
        for minute in stride(from: (minutes - 1) / 5 * 5, through: 5, by: -5) {
            labels.append((count - 1 - minute * perMinute, "-\(minute)m"))
        }
        labels.append((count - 3, "now"))
        var free = 0
        for label in labels where label.column >= free {
            free = screen.put(label.text, x: chartX + label.column, y: axisY, role: .dim) - chartX + 1
        }
        return axisY + 1
    }

    /// One bucket's column, bottom row first: the exact hit rate in block eighths (`▁`…`█`), the
    /// semantic hit rate stacked above it in whole cells (`▒`), a `·` on the baseline when the
    /// bucket saw no lookup. A glyph for each series, so the chart reads without colour.
    static func hitRateColumn(_ bucket: CacheHitHistory.Bucket, rows: Int) -> [(glyph: Character, role: StyleRole)] {
        var cells = [(glyph: Character, role: StyleRole)](repeating: (" ", .text), count: max(0, rows))
        guard rows > 0 else { return cells }
        guard bucket.lookups > 0 else {
            cells[0] = ("·", .dim)
            return cells
        }
        let lookups = Double(bucket.lookups)
        let exact = Double(bucket.exact) / lookups
        let total = Double(bucket.hits) / lookups
        if bucket.semantic == 0 {
            let eighths = Int((exact * Double(rows * 8)).rounded())
            for row in 0..<rows {
                let filled = min(8, max(0, eighths - row * 8))
                if filled > 0 { cells[row] = (Self.eighthBlocks[filled - 1], .accent) }
            }
            return cells
        }
        // With semantic hits both series are whole cells (a cell never mixes them); the semantic
        // part keeps at least one cell.
        let exactCells = min(rows, Int((exact * Double(rows)).rounded()))
        let totalCells = min(rows, max(exactCells + 1, Int((total * Double(rows)).rounded())))
        for row in 0..<totalCells { cells[row] = row < exactCells ? ("█", .accent) : ("▒", .healthy) }
        return cells
    }

    private static let eighthBlocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    // MARK: - Summary

    /// The session's figures and the cache's size; returns the row below them.
    private func drawCacheSummary(into screen: inout ScreenBuffer, y top: Int) -> Int {
        drawSectionTitle("This session · size now", into: &screen, x: 0, y: top, width: width)
        let tally = cacheBoard.tally
        let lastMinute = cacheBoard.history.totals(lastSeconds: 60, nowMs: nowMs)
        let chartWindow = cacheBoard.history.totals(lastSeconds: cacheChartBuckets * 10, nowMs: nowMs)
        var hitRate = "\(DisplayFormat.percent(tally.hits, of: tally.lookups)) this session"
        hitRate += " · \(DisplayFormat.percent(lastMinute.hits, of: lastMinute.lookups)) last minute"
        if width >= Self.timelinePanelMinWidth {
            hitRate += " · \(DisplayFormat.percent(chartWindow.hits, of: chartWindow.lookups)) on the chart"
        }
        let lookups =
            "\(DisplayFormat.plural(tally.hits, "hit")) (\(tally.exactHits) exact · \(tally.semanticHits) semantic) · "
            + "\(DisplayFormat.plural(tally.misses, "miss", plural: "misses")) · \(tally.bypassed) bypassed"
        var saved = "\(DisplayFormat.count(tally.tokensSaved)) tokens · \(DisplayFormat.usdFine(micros: tally.savedMicros))"
        if tally.unpricedHits > 0 { saved += " · \(DisplayFormat.plural(tally.unpricedHits, "hit")) unpriced" }
        let sizeLine: (String, StyleRole)
        let turnover: (String, StyleRole)
        switch cacheBoard.size {
        case .unknown:
            sizeLine = ("reading…", .dim)
            turnover = ("reading…", .dim)
        case .off:
            sizeLine = ("no route caches responses now", .warning)
            turnover = ("—", .dim)
        case .stats(let stats):
            // Full is whichever bound is nearer: entries or bytes.
            let full = max(Self.percentOf(stats.entries, stats.maxEntries), Self.percentOf(stats.bytes, stats.maxBytes))
            sizeLine = (
                "\(DisplayFormat.count(stats.entries))/\(DisplayFormat.count(stats.maxEntries)) entries · "
                    + "\(DisplayFormat.bytes(stats.bytes))/\(DisplayFormat.bytes(stats.maxBytes)) · \(full)% full", full >= 90 ? .warning : .text
            )
            turnover = (
                "\(stats.evictions) evicted · \(stats.expirations) expired · since start \(stats.hits) hits / \(stats.misses) misses", .text
            )
        }
        let labelWidth = 12
        let lines: [StyledLine] = [
            .field("hit rate", hitRate, labelWidth: labelWidth, role: tally.lookups > 0 ? .text : .dim),
            .field("lookups", lookups, labelWidth: labelWidth),
            .field("saved", saved, labelWidth: labelWidth, role: tally.hits > 0 ? .healthy : .text),
            .field("size", sizeLine.0, labelWidth: labelWidth, role: sizeLine.1),
            .field("turnover", turnover.0, labelWidth: labelWidth, role: turnover.1),
        ]
        for (offset, line) in lines.enumerated() {
            line.draw(into: &screen, x: 2, y: top + 1 + offset, width: width - 3)
        }
        return top + 1 + lines.count
    }

    /// `part` of `whole` in whole percent, rounded down (0 without a bound).
    private static func percentOf(_ part: Int, _ whole: Int) -> Int {
        whole > 0 ? part * 100 / whole : 0
    }

    // MARK: - Top prompts

    private func drawTopPrompts(into screen: inout ScreenBuffer, y top: Int) {
        let bottom = 2 + contentHeight
        guard top < bottom else { return }
        let prompts = cacheBoard.prompts
        let kept = prompts.count >= prompts.capacity ? " (the \(prompts.capacity) most hit kept)" : ""
        drawSectionTitle(
            "Top hit prompts · this session · \(DisplayFormat.plural(prompts.count, "prompt"))\(kept)", into: &screen, x: 0, y: top, width: width)
        guard top + 1 < bottom else { return }
        let wide = width >= Self.timelinePanelMinWidth
        var columns: [TableLayout.Column] = [
            .init(title: "#", width: 3, alignRight: true), .init(title: "HITS", width: 5, alignRight: true),
            .init(title: "ROUTE", width: wide ? 18 : 12), .init(title: "PROMPT", width: 20, flexible: true),
        ]
        if wide { columns.append(.init(title: "LAST HIT", width: 8)) }
        let table = TableLayout(columns, x: 0, width: width - 1)
        table.drawHeader(into: &screen, y: top + 1)
        let rows = bottom - top - 2
        guard prompts.count > 0 else {
            if rows > 0 {
                screen.put(
                    "no cache hits yet this session · the prompts answered from the cache show here, most hit first", x: 2, y: top + 2,
                    role: .dim, maxWidth: width - 3)
            }
            return
        }
        for (rank, entry) in prompts.top(rows).enumerated() {
            var cells: [TableLayout.Cell] = [
                .init(String(rank + 1), .dim), .init(String(entry.hits), .accent), .init(entry.route, .dim), .init(entry.prompt),
            ]
            if wide { cells.append(.init(DisplayFormat.timeOfDay(ms: entry.lastHitMs), .dim)) }
            table.drawRow(cells, into: &screen, y: top + 2 + rank)
        }
    }

    // MARK: - Empty state

    private func drawCacheEmptyState(into screen: inout ScreenBuffer) {
        drawSectionTitle("Cache", into: &screen, x: 0, y: 2, width: width)
        drawParagraph(
            [
                StyledLine("No route caches responses.", role: .title),
                StyledLine(),
                StyledLine(
                    "The exact response cache answers a repeated request (same route, messages and parameters; temperature 0) "
                        + "from memory, without calling the provider. Turn it on per route in the config:", role: .text),
                StyledLine(),
                StyledLine("  models:", role: .keyHint),
                StyledLine("    - name: gpt-4o", role: .keyHint),
                StyledLine("      targets: [ … ]", role: .keyHint),
                StyledLine("      cache: { exact: true, ttl: 1h }", role: .keyHint),
                StyledLine(),
                StyledLine(
                    "and restart the gateway. This view then shows the hit rate over time (exact and semantic), the tokens and money "
                        + "the hits saved, the most hit prompts and the cache's size; P purges it.", role: .dim),
            ], into: &screen, y: 4)
    }
}
