import SignalboxCore
extension ConsoleModel {
    /// Draws the whole console into `screen` (expected to be `width`×`height`; anything else is
    /// clipped). Only visible rows are formatted: cost depends on the screen size, not on how many
    /// requests are buffered.
    public func render(into screen: inout ScreenBuffer) {
        screen.fill(x: 0, y: 0, width: screen.width, height: screen.height, role: .text)
        if isTooSmall {
            drawTooSmall(into: &screen)
            return
        }
        drawTabBar(into: &screen)
        drawMetrics(into: &screen, y: 1)
        switch overlay {
        case .help(let scroll):
            drawDocument(helpLines(), scroll: scroll, into: &screen)
        case .inspector(let inspector):
            drawDocument(inspector.lines, scroll: inspector.scroll, into: &screen)
        case .replayDiff(let diff):
            drawDocument(diff.lines, scroll: diff.scroll, into: &screen)
        case nil:
            switch view {
            case .overview: drawOverview(into: &screen)
            case .requests: drawRequestsView(into: &screen)
            case .providers: drawProvidersView(into: &screen)
            case .keysAndBudgets: drawKeysAndBudgets(into: &screen)
            case .cache: drawCache(into: &screen)
            case .audit: drawAudit(into: &screen)
            }
        }
        drawStatusBar(into: &screen, y: height - 2)
        drawHints(into: &screen, y: height - 1)
        if let dialog { drawDialog(dialog, into: &screen) }
    }

    private func drawTooSmall(into screen: inout ScreenBuffer) {
        let lines: [(String, StyleRole)] = [
            ("Terminal too small", .warning),
            ("\(width)×\(height) — the console needs at least \(Self.minimumWidth)×\(Self.minimumHeight)", .text),
            ("Enlarge the window, or press q to quit.", .dim),
        ]
        let top = max(0, (height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let text = DisplayFormat.truncate(line.0, width)
            screen.put(text, x: max(0, (width - DisplayFormat.displayWidth(text)) / 2), y: top + offset, role: line.1)
        }
    }

    private func drawTabBar(into screen: inout ScreenBuffer) {
        screen.fill(x: 0, y: 0, width: width, height: 1, role: .header)
        var x = screen.put(" Signalbox ", x: 0, y: 0, role: .title) + 1
        let wide = width >= 110
        for candidate in ConsoleView.allCases {
            let label = "\(candidate.rawValue) \(wide ? candidate.title : candidate.shortTitle)"
            // The current view is bracketed, not only highlighted.
            if candidate == view {
                x = screen.put("[\(label)]", x: x, y: 0, role: .selection) + 1
            } else {
                x = screen.put(" \(label) ", x: x, y: 0, role: .header) + 1
            }
        }
        var right: [(String, StyleRole)] = []
        if width >= 100 { right.append((DisplayFormat.timeOfDay(ms: nowMs) + " UTC", .header)) }
        // The role the console acts with, in words (never by colour alone); rightmost, so it is the
        // last thing to give way to the tabs.
        right.append(readOnly ? ("role viewer · READ-ONLY", .warning) : ("role \(role.rawValue)", .header))
        var rightX = width - 1
        for (text, role) in right.reversed() {
            rightX -= DisplayFormat.displayWidth(text)
            guard rightX > x else { break }
            screen.put(text, x: rightX, y: 0, role: role)
            rightX -= 2
        }
    }

    /// `req/s 12.4 │ p50 45ms │ p99 210ms │ err 1.2% │ cache — │ spend — │ bus drops 0`
    private func drawMetrics(into screen: inout ScreenBuffer, y: Int) {
        let recent = traffic.totals(lastSeconds: 60, nowMs: nowMs)
        let rate = traffic.perSecond(lastSeconds: Self.rateSeconds, nowMs: nowMs, sinceMs: startedMs)
        // The session's cache hit rate (— before the first lookup).
        let cache = cacheBoard.tally
        let errorRole: StyleRole = recent.failures == 0 ? .text : (recent.failures * 20 >= recent.events ? .error : .warning)
        let items: [(String, String, StyleRole)] = [
            ("req/s", DisplayFormat.rate(rate), .text),
            ("p50", latency.percentile(0.5).map { DisplayFormat.latency(ms: $0) } ?? "—", .text),
            ("p99", latency.percentile(0.99).map { DisplayFormat.latency(ms: $0) } ?? "—", .text),
            ("err", DisplayFormat.percent(recent.failures, of: recent.events), errorRole),
            ("cache", DisplayFormat.percent(cache.hits, of: cache.lookups), cache.lookups > 0 ? .text : .dim),
            ("spend", "—", .dim),
            ("bus drops", busDrops > 0 ? "! \(busDrops)" : "0", busDrops > 0 ? .warning : .text),
        ]
        var x = 1
        let separator = width >= 100 ? " │ " : "  "
        for (index, item) in items.enumerated() {
            if index > 0 { x = screen.put(separator, x: x, y: y, role: .border) }
            x = screen.put(item.0 + " ", x: x, y: y, role: .dim)
            x = screen.put(item.1, x: x, y: y, role: item.2)
        }
    }

    private func drawStatusBar(into screen: inout ScreenBuffer, y: Int) {
        screen.fill(x: 0, y: y, width: width, height: 1, role: .statusBar)
        switch input {
        case .filter(let field, _):
            let x = screen.put("/", x: 0, y: y, role: .keyHint)
            let end = screen.put(field.text, x: x, y: y, role: .input, maxWidth: width - 30)
            screen.put("▏", x: end, y: y, role: .input)
            screen.put("\(log.visibleCount) of \(log.count) · Enter keeps · Esc reverts", x: end + 2, y: y, role: .statusBar)
            return
        case .command(let field):
            let x = screen.put(":", x: 0, y: y, role: .keyHint)
            let end = screen.put(Self.maskedCommandLine(field.text), x: x, y: y, role: .input, maxWidth: width - 2)
            screen.put("▏", x: end, y: y, role: .input)
            return
        case nil:
            break
        }
        var x = 1
        if let status {
            x = screen.put(status.marker + " ", x: x, y: y, role: status.role)
            x = screen.put(status.text, x: x, y: y, role: status.role, maxWidth: width - x - 1)
        } else {
            x = screen.put(contextLine, x: x, y: y, role: .statusBar, maxWidth: width - 2)
        }
        if readOnly, width - x > 20 { screen.put("read-only console", x: width - 18, y: y, role: .warning) }
    }

    /// What the status bar says when there is no message: the state of the current view.
    private var contextLine: String {
        let filter = log.filter.isEmpty ? "" : " · filter: \(log.filter.text)"
        let stream = following ? "following" : "frozen (f follows)"
        switch view {
        case .overview, .requests:
            return "\(log.visibleCount) of \(log.count) requests · \(stream)\(filter)"
        case .providers:
            return "\(providers.count) providers · ^R refreshes keys and pause state"
        case .keysAndBudgets:
            guard budgetBoard.fetched else { return "reading budgets…" }
            return "\(DisplayFormat.plural(budgetBoard.budgets.count, "budget")) · \(DisplayFormat.plural(keySpend.byKey.count, "key")) with traffic "
                + "this session · spend refreshed every second"
        case .cache:
            switch cacheBoard.size {
            case .unknown: return "reading the cache's size…"
            case .off: return "no route caches responses · models[].cache turns it on"
            case .stats:
                return "hit rate = hits / (hits + misses) · size read every second" + (readOnly ? "" : " · P purges")
            }
        case .audit:
            switch audit.source {
            case .persisted(let entries, _):
                let older = audit.mayHaveMore ? " (older: End)" : ""
                return "\(DisplayFormat.plural(entries.count, "entry", plural: "entries"))\(older) · persisted · refreshed every 2 s"
            case .storeOff:
                return "\(DisplayFormat.plural(actionLog.count, "operator action")) since the console started · store off: not persisted"
            case .unknown:
                return "\(DisplayFormat.plural(actionLog.count, "operator action")) since the console started"
            }
        }
    }

    /// The command line as drawn: a would-be secret after `:rotate PROVIDER KEY` is masked (only
    /// `env:` and `file:` references belong there; the command refuses anything else).
    static func maskedCommandLine(_ text: String) -> String {
        let words = text.split(separator: " ", omittingEmptySubsequences: false)
        guard words.count >= 4, words[0].lowercased() == "rotate" else { return text }
        var nonEmpty = 0
        return words.map { word -> String in
            guard !word.isEmpty else { return "" }
            nonEmpty += 1
            guard nonEmpty >= 4 else { return String(word) }
            let isReference =
                "env:".hasPrefix(word.prefix(4)) || "file:".hasPrefix(word.prefix(5))
                || word.hasPrefix("env:") || word.hasPrefix("file:")
            return isReference ? String(word) : String(repeating: "•", count: word.count)
        }.joined(separator: " ")
    }

    private func drawHints(into screen: inout ScreenBuffer, y: Int) {
        let hints: [(key: String, word: String)]
        if dialog != nil {
            hints = [("Tab", "focus"), ("Enter", "activate"), ("Esc", "cancel")]
        } else if input != nil {
            hints = [("Enter", "apply"), ("Esc", "cancel"), ("^U", "clear")]
        } else if let overlay {
            switch overlay {
            case .inspector: hints = [("Esc", "close"), ("↑↓ PgUp PgDn", "scroll")] + (readOnly ? [] : [("R", "replay")])
            case .replayDiff, .help: hints = [("Esc", "close"), ("↑↓ PgUp PgDn", "scroll")]
            }
        } else {
            hints = keymap.hints(in: view, readOnly: readOnly)
        }
        var x = 1
        for hint in hints {
            let needed = DisplayFormat.displayWidth(hint.key) + DisplayFormat.displayWidth(hint.word) + 3
            guard x + needed <= width else { break }
            x = screen.put(hint.key, x: x, y: y, role: .keyHint)
            x = screen.put(" " + hint.word, x: x, y: y, role: .dim) + 2
        }
    }

    /// A section title across `width` columns: `─ Title ──────`, marked `▸` when it has the cursor.
    func drawSectionTitle(_ title: String, into screen: inout ScreenBuffer, x: Int, y: Int, width: Int, focused: Bool = false) {
        screen.put(String(repeating: "─", count: max(0, width)), x: x, y: y, role: .border, maxWidth: width)
        let label = focused ? "▸ \(title) " : " \(title) "
        screen.put(label, x: x + 1, y: y, role: focused ? .accent : .title, maxWidth: width - 2)
    }

    /// A scrollable document in the content area.
    func drawDocument(_ lines: [StyledLine], scroll: Int, into screen: inout ScreenBuffer) {
        let rows = contentHeight
        let start = min(max(0, scroll), max(0, lines.count - 1))
        for row in 0..<rows where start + row < lines.count {
            lines[start + row].draw(into: &screen, x: 1, y: 2 + row, width: width - 2)
        }
        if lines.count > rows {
            let end = min(lines.count, start + rows)
            let position = "\(start + 1)–\(end) of \(lines.count)"
            screen.put(position, x: width - DisplayFormat.displayWidth(position) - 1, y: 2, role: .dim)
        }
    }
}
