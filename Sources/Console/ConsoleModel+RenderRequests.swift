import SignalboxCore

extension ConsoleModel {
    func drawRequestsView(into screen: inout ScreenBuffer) {
        let layout = requestsLayout
        drawStream(layout.list, into: &screen, focused: true, wide: true)
        guard let panel = layout.preview else { return }
        drawSectionTitle("Selected", into: &screen, x: panel.x, y: panel.y, width: panel.width)
        guard let request = selectedRequest else {
            screen.put("nothing selected", x: 2, y: panel.firstRowY, role: .dim)
            return
        }
        let requested = request.requestedModel == request.model ? "" : " (asked for \(request.requestedModel))"
        let lines: [StyledLine] = [
            .field("id", "\(request.id)  \(request.endpoint.rawValue)\(request.stream ? " · stream" : "")"),
            .field("route", "\(request.provider.isEmpty ? "—" : request.provider) / \(request.model.isEmpty ? "—" : request.model)\(requested)"),
            request.errorMessage.map { .field("error", $0, role: .error) }
                ?? .field("result", request.isInFlight ? "in flight" : resultText(request)),
            StyledLine("Enter opens the inspector" + (readOnly ? "" : " · R replays"), role: .dim),
        ]
        for (offset, line) in lines.prefix(panel.rows).enumerated() {
            line.draw(into: &screen, x: 2, y: panel.firstRowY + offset, width: width - 3)
        }
    }

    /// `200 after 1 attempt(s)`, or how the cache answered.
    private func resultText(_ request: RequestRow) -> String {
        guard let cache = request.cache, cache.outcome != .bypass else { return "\(request.statusText) after \(request.attempts) attempt(s)" }
        if cache.outcome.isHit { return "\(request.statusText) from the cache · \(cache.summary)" }
        return "\(request.statusText) after \(request.attempts) attempt(s) · cache \(cache.summary)"
    }
}
