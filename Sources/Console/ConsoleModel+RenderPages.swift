import DequeModule
import SignalboxCore

extension ConsoleModel {
    func drawKeysAndBudgets(into screen: inout ScreenBuffer) {
        drawSectionTitle("Keys & Budgets", into: &screen, x: 0, y: 2, width: width)
        drawParagraph(
            [
                StyledLine("Budgets arrive with virtual keys.", role: .title),
                StyledLine(),
                StyledLine(
                    "This view will list the gateway's virtual keys with their spend today, budget, burn rate and time to exhaustion. "
                        + "Nothing is tracked yet, so nothing is shown rather than zeros.", role: .dim),
                StyledLine(),
                StyledLine("Provider keys (masked, with pause state and rotation grace) are on 3 Providers.", role: .text),
            ], into: &screen, y: 4)
    }

    func drawCache(into screen: inout ScreenBuffer) {
        drawSectionTitle("Cache", into: &screen, x: 0, y: 2, width: width)
        drawParagraph(
            [
                StyledLine("The response cache arrives with the caching work.", role: .title),
                StyledLine(),
                StyledLine(
                    "This view will show hit %, entries, memory use and evictions. Until then the Overview's cache figure reads —: "
                        + "there are no cache events to count.", role: .dim),
            ], into: &screen, y: 4)
    }

    func drawAudit(into screen: inout ScreenBuffer) {
        drawSectionTitle("Operator actions · this session (audited when the store is open)", into: &screen, x: 0, y: 2, width: width)
        let table = TableLayout(
            [
                .init(title: "TIME", width: 8), .init(title: "ACTOR", width: 12), .init(title: "RESULT", width: 9),
                .init(title: "COMMAND", width: 30), .init(title: "OUTCOME", width: 10, flexible: true),
            ], x: 1, width: width - 2)
        table.drawHeader(into: &screen, y: 3)
        guard !actionLog.isEmpty else {
            screen.put("no operator actions since the console started", x: 2, y: 4, role: .dim)
            return
        }
        let rows = contentHeight - 2
        for offset in 0..<rows {
            let index = actionLog.count - 1 - auditScroll - offset
            guard index >= 0 else { break }
            let action = actionLog[index]
            table.drawRow(
                [
                    .init(DisplayFormat.timeOfDay(ms: action.timestampMs), .dim), .init(action.actor),
                    action.succeeded ? .init("✔ done", .healthy) : .init("✖ refused", .error), .init(action.command), .init(action.summary, .dim),
                ], into: &screen, y: 4 + offset)
        }
    }

    /// Lines of one style each, wrapped to the screen width.
    private func drawParagraph(_ lines: [StyledLine], into screen: inout ScreenBuffer, y: Int) {
        var row = y
        for line in lines {
            let role = line.spans.first?.role ?? .text
            for piece in StyledLine.wrapWords(line.text, width: width - 4) where row < height - 2 {
                screen.put(piece, x: 2, y: row, role: role)
                row += 1
            }
            if line.spans.isEmpty { row += 1 }
        }
    }
}
