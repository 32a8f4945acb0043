import DequeModule
import SignalboxCore

extension ConsoleModel {
    func drawAudit(into screen: inout ScreenBuffer) {
        let listTop = 5
        if case .persisted(let entries, let fetchedAtMs) = audit.source {
            drawSectionTitle("Audit log · every actor · newest first", into: &screen, x: 0, y: 2, width: width)
            drawAuditState(into: &screen, y: 3, fetchedAtMs: fetchedAtMs)
            drawPersistedAudit(entries, into: &screen, y: 4, firstRowY: listTop)
            return
        }
        drawSectionTitle("Operator actions · this session", into: &screen, x: 0, y: 2, width: width)
        if audit.isStoreOff {
            screen.put(
                "⚠ store off: these actions are not persisted (no audit log without store: in the config)", x: 1, y: 3,
                role: .warning, maxWidth: width - 2)
        } else if let error = audit.error {
            screen.put("✖ audit log not read: \(error)", x: 1, y: 3, role: .error, maxWidth: width - 2)
        } else {
            screen.put("reading the audit log…", x: 1, y: 3, role: .dim)
        }
        drawSessionActions(into: &screen, y: 4, firstRowY: listTop)
    }

    /// The chain check and freshness line above the persisted list.
    private func drawAuditState(into screen: inout ScreenBuffer, y: Int, fetchedAtMs: UInt64) {
        var x = 1
        switch audit.chain {
        case .unchecked:
            x = screen.put("chain not verified yet · v verifies", x: x, y: y, role: .dim)
        case .checking:
            x = screen.put("verifying the chain…", x: x, y: y, role: .dim)
        case .checked(.intact(let through), let atMs):
            let text = through == 0 ? "✔ chain intact (empty log)" : "✔ chain verified through #\(through)"
            x = screen.put(text, x: x, y: y, role: .healthy)
            x = screen.put(" at \(DisplayFormat.timeOfDay(ms: atMs))", x: x, y: y, role: .dim)
        case .checked(.broken(let sequence, let problem), _):
            x = screen.put("✖ chain BROKEN at #\(sequence): \(problem)", x: x, y: y, role: .error, maxWidth: width - 2)
        case .failed(let message):
            x = screen.put("✖ chain not verified: \(message)", x: x, y: y, role: .error, maxWidth: width - 2)
        }
        if let error = audit.error {
            screen.put("  ✖ refresh failed: \(error)", x: x, y: y, role: .error, maxWidth: max(0, width - x - 1))
        }
    }

    private func drawPersistedAudit(_ entries: [OperatorAuditEntrySummary], into screen: inout ScreenBuffer, y: Int, firstRowY: Int) {
        let wide = width >= 120
        let table = TableLayout(
            [
                .init(title: "", width: 1), .init(title: "#", width: 4, alignRight: true), .init(title: "TIME", width: wide ? 19 : 8),
                .init(title: "ACTOR", width: wide ? 16 : 12), .init(title: "ROLE", width: 8), .init(title: "ACTION", width: wide ? 22 : 19),
                .init(title: "TARGET · DETAILS", width: 8, flexible: true), .init(title: "OUTCOME", width: 9),
            ], x: 0, width: width - 1)
        table.drawHeader(into: &screen, y: y)
        guard !entries.isEmpty else {
            screen.put("the audit log is empty: no operator action has been recorded yet", x: 2, y: firstRowY, role: .dim)
            return
        }
        let window = auditWindow(count: entries.count)
        for offset in 0..<auditListRows {
            let index = window.top + offset
            guard index < entries.count else { break }
            let entry = entries[index]
            let ms = UInt64(max(0, entry.timestampMs))
            let time = wide ? DisplayFormat.date(ms: ms) + " " + DisplayFormat.timeOfDay(ms: ms) : DisplayFormat.timeOfDay(ms: ms)
            table.drawRow(
                [
                    .init(index == window.selected ? "▸" : " ", .accent), .init(String(entry.sequence), .dim), .init(time, .dim), .init(entry.actor),
                    .init(entry.role, .dim), .init(entry.action), .init(Self.targetAndDetails(entry), .dim),
                    entry.succeeded ? .init("✔ \(entry.outcome)", .healthy) : .init("✖ \(entry.outcome)", .error),
                ], into: &screen, y: firstRowY + offset)
        }
        drawScrollPosition(count: entries.count, more: audit.mayHaveMore, into: &screen)
        let entry = entries[window.selected]
        let ms = UInt64(max(0, entry.timestampMs))
        drawAuditDetail(
            "#\(entry.sequence) \(entry.actor) (\(entry.role)) \(entry.action) \(Self.targetAndDetails(entry)) · \(entry.outcome) at "
                + "\(DisplayFormat.date(ms: ms)) \(DisplayFormat.timeOfDay(ms: ms)) UTC", into: &screen)
    }

    private static func targetAndDetails(_ entry: OperatorAuditEntrySummary) -> String {
        entry.details.isEmpty ? entry.target : entry.target + " · " + entry.details
    }

    /// This session's actions from the bus (no store: nothing else exists).
    private func drawSessionActions(into screen: inout ScreenBuffer, y: Int, firstRowY: Int) {
        let table = TableLayout(
            [
                .init(title: "", width: 1), .init(title: "TIME", width: 8), .init(title: "ACTOR", width: 12), .init(title: "ROLE", width: 8),
                .init(title: "RESULT", width: 9), .init(title: "COMMAND", width: 26), .init(title: "OUTCOME", width: 10, flexible: true),
            ], x: 0, width: width - 1)
        table.drawHeader(into: &screen, y: y)
        guard !actionLog.isEmpty else {
            screen.put("no operator actions since the console started", x: 2, y: firstRowY, role: .dim)
            return
        }
        let window = auditWindow(count: actionLog.count)
        for offset in 0..<auditListRows {
            let index = window.top + offset
            guard index < actionLog.count else { break }
            let action = actionLog[actionLog.count - 1 - index]
            table.drawRow(
                [
                    .init(index == window.selected ? "▸" : " ", .accent), .init(DisplayFormat.timeOfDay(ms: action.timestampMs), .dim),
                    .init(action.actor), .init(sessionRole(of: action), .dim),
                    action.succeeded ? .init("✔ done", .healthy) : .init("✖ refused", .error), .init(action.command), .init(action.summary, .dim),
                ], into: &screen, y: firstRowY + offset)
        }
        drawScrollPosition(count: actionLog.count, more: false, into: &screen)
        let action = actionLog[actionLog.count - 1 - window.selected]
        drawAuditDetail(
            "\(action.actor) (\(sessionRole(of: action))) \(action.command) · \(action.succeeded ? "done" : "refused"): \(action.summary)",
            into: &screen)
    }

    /// The role of a session action: this console's own, else unknown here (the bus does not carry it).
    private func sessionRole(of action: OperatorAction) -> String {
        action.actor == "console" ? role.rawValue : "—"
    }

    /// The selected entry in full, wrapped over the two rows below the list.
    private func drawAuditDetail(_ text: String, into screen: inout ScreenBuffer) {
        let top = 5 + auditListRows
        for (offset, piece) in StyledLine.wrapWords(text, width: width - 2).prefix(Self.auditDetailRows).enumerated() {
            screen.put(piece, x: 1, y: top + offset, role: offset == 0 ? .text : .dim)
        }
    }

    /// The list's window: top row and selected row (0: newest), the selection kept in view.
    private func auditWindow(count: Int) -> (top: Int, selected: Int) {
        let selected = min(max(0, auditSelection), max(0, count - 1))
        return (max(0, selected - auditListRows + 1), selected)
    }

    /// `1–18 of 42` on the title line when the list is longer than the screen.
    private func drawScrollPosition(count: Int, more: Bool, into screen: inout ScreenBuffer) {
        guard count > auditListRows || more else { return }
        let top = auditWindow(count: count).top
        let position = "\(top + 1)–\(min(count, top + auditListRows)) of \(count)\(more ? "+" : "")"
        screen.put(position, x: width - DisplayFormat.displayWidth(position) - 2, y: 2, role: .dim)
    }
}
