import SignalboxCore

extension ConsoleModel {
    func drawProvidersView(into screen: inout ScreenBuffer) {
        let layout = providersLayout
        drawProviderTree(layout.list, into: &screen)
        drawProviderDetail(layout.detail, into: &screen)
    }

    private func drawProviderTree(_ panel: Panel, into screen: inout ScreenBuffer) {
        drawSectionTitle("Providers and keys", into: &screen, x: panel.x, y: panel.y, width: panel.width, focused: true)
        let table = TableLayout(
            [
                .init(title: "", width: 1), .init(title: "STATE", width: 10), .init(title: "PROVIDER / KEY", width: 14, flexible: true),
                .init(title: "KIND/SECRET", width: 11), .init(title: "WT", width: 3, alignRight: true),
                .init(title: "REQ/S", width: 6, alignRight: true), .init(title: "P50", width: 7, alignRight: true),
                .init(title: "ERR%", width: 6, alignRight: true), .init(title: "NOTE", width: 12),
            ], x: panel.x, width: panel.width - 1)
        table.drawHeader(into: &screen, y: panel.y + 1)
        let rows = providerTree
        guard !rows.isEmpty else {
            screen.put("no providers reported yet (^R refreshes)", x: 2, y: panel.firstRowY, role: .dim)
            return
        }
        let selected = rows.firstIndex { $0.provider == selectedProvider && $0.key == selectedKey } ?? 0
        let top = min(max(0, selected - panel.rows + 1), max(0, rows.count - panel.rows))
        for offset in 0..<panel.rows where top + offset < rows.count {
            let row = rows[top + offset]
            guard let entry = provider(row.provider) else { continue }
            let y = panel.firstRowY + offset
            let isSelected = top + offset == selected
            let marker = TableLayout.Cell(isSelected ? "▸" : " ", .accent)
            if let keyID = row.key, let key = entry.keys.first(where: { $0.id == keyID }) {
                let rejected = (key.suspendedUntilMs ?? 0) > nowMs
                let state: TableLayout.Cell =
                    key.paused ? .init("⏸ paused", .paused) : rejected ? .init("✖ rejected", .open) : .init("● active", .healthy)
                var note = ""
                if let grace = key.graceUntilMs, grace > nowMs { note = "grace \(DisplayFormat.duration(ms: grace - nowMs))" }
                table.drawRow(
                    [
                        marker, state, .init((keyID == entry.keys.last?.id ? "  └ " : "  ├ ") + key.id), .init(key.masked, .dim),
                        .init(String(key.weight)), .init(""), .init(""), .init(""),
                        .init(note, .warning),
                    ], into: &screen, y: y)
            } else {
                let health = entry.health(nowMs: nowMs)
                let recent = entry.stats.attempts.totals(lastSeconds: 60, nowMs: nowMs)
                table.drawRow(
                    [
                        marker, .init("\(health.glyph) \(health.word)", health.role), .init(entry.id),
                        .init(entry.snapshot?.kind ?? "—", .dim), .init(""),
                        .init(DisplayFormat.rate(entry.stats.requests.perSecond(lastSeconds: Self.rateSeconds, nowMs: nowMs, sinceMs: startedMs))),
                        .init(entry.stats.latency.percentile(0.5).map { DisplayFormat.latency(ms: $0) } ?? "—"),
                        .init(DisplayFormat.percent(recent.failures, of: recent.events), recent.failures > 0 ? .warning : .text),
                        .init(entry.snapshot == nil ? "not in config" : keySummary(entry), .dim),
                    ], into: &screen, y: y)
            }
            if isSelected {
                let nameX = table.x + table.columns[0].width + table.columns[1].width + 2
                screen.restyle(x: nameX, y: y, width: table.totalWidth - (nameX - table.x), height: 1, role: .selection)
            }
        }
    }

    private func drawProviderDetail(_ panel: Panel, into screen: inout ScreenBuffer) {
        guard panel.height > 0, let entry = provider(selectedProvider) else { return }
        drawSectionTitle(
            selectedKey.map { "Key \(entry.id)/\($0)" } ?? "Provider \(entry.id)", into: &screen, x: panel.x, y: panel.y, width: panel.width)
        var lines: [StyledLine] = []
        if let keyID = selectedKey, let key = entry.keys.first(where: { $0.id == keyID }) {
            lines.append(.field("secret", "\(key.masked)  (masked; the console never sees more)"))
            lines.append(.field("weight", String(key.weight)))
            let rejected = (key.suspendedUntilMs ?? 0) > nowMs
            let state =
                key.paused
                ? "⏸ paused — not used for new requests" : rejected ? "✖ rejected by the provider (401/403) — left out for a cooldown" : "● active"
            lines.append(.field("state", state, role: key.paused ? .paused : rejected ? .open : .healthy))
            if let grace = key.graceUntilMs {
                let until = DisplayFormat.timeOfDay(ms: grace)
                let text =
                    grace > nowMs
                    ? "previous secret accepted until \(until) UTC (\(DisplayFormat.duration(ms: grace - nowMs)) left)"
                    : "previous secret expired at \(DisplayFormat.timeOfDay(ms: grace)) UTC"
                lines.append(.field("grace", text, role: grace > nowMs ? .warning : .dim))
            }
        } else {
            let stats = entry.stats
            let health = entry.health(nowMs: nowMs)
            let recent = stats.attempts.totals(lastSeconds: 60, nowMs: nowMs)
            if let snapshot = entry.snapshot {
                lines.append(.field("kind", "\(snapshot.kind)  \(snapshot.baseURL)"))
            } else {
                lines.append(.field("kind", "not reported by the engine (seen in events only)", role: .dim))
            }
            lines.append(
                StyledLine(spans: [
                    .init(DisplayFormat.column("health", 14), role: .dim), .init("\(health.glyph) \(health.word)", role: health.role),
                    .init(
                        "  · breaker " + (entry.breakers.isEmpty
                            ? "closed" : entry.breakers.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")),
                        role: entry.breakerRole),
                ]))
            let p50 = stats.latency.percentile(0.5).map { DisplayFormat.latency(ms: $0) } ?? "—"
            let p99 = stats.latency.percentile(0.99).map { DisplayFormat.latency(ms: $0) } ?? "—"
            let rate = stats.requests.perSecond(lastSeconds: Self.rateSeconds, nowMs: nowMs, sinceMs: startedMs)
            lines.append(.field("traffic", "\(DisplayFormat.rate(rate)) req/s · p50 \(p50) · p99 \(p99)"))
            lines.append(
                .field(
                    "attempts",
                    "\(recent.events) in the last 60 s, \(recent.failures) failed (\(DisplayFormat.percent(recent.failures, of: recent.events)))",
                    role: recent.failures > 0 ? .warning : .text))
            let answered = DisplayFormat.plural(stats.totalRequests, "request")
            lines.append(.field("since start", "\(answered) answered, \(DisplayFormat.plural(stats.totalFailedAttempts, "failed attempt"))"))
            if let failure = stats.lastFailure {
                let status = failure.status.map { "\($0) " } ?? ""
                lines.append(.field("last failure", "\(DisplayFormat.timeOfDay(ms: failure.timestampMs)) \(status)\(failure.reason)", role: .error))
            }
            lines.append(.field("keys", entry.snapshot == nil ? "—" : "\(entry.keys.count) (select one with ↓ for details)"))
        }
        var hints = ["^R refreshes"]
        if !readOnly { hints = ["p pause/resume provider", "P pause/resume key", "k rotate key"] + hints }
        lines.append(StyledLine())
        lines.append(StyledLine(hints.joined(separator: " · "), role: .dim))
        for (offset, line) in lines.prefix(panel.rows).enumerated() {
            line.draw(into: &screen, x: 2, y: panel.firstRowY + offset, width: width - 3)
        }
    }
}
