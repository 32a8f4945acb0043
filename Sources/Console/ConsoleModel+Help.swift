extension ConsoleModel {
    /// The help overlay, generated from the keymap (and the command table) for the current view:
    /// it cannot list a key that does nothing, and a read-only console does not offer actions.
    func helpLines() -> [StyledLine] {
        var lines: [StyledLine] = [.heading("Help · \(view.title) view  (Esc closes)")]
        func section(_ title: String, _ bindings: [KeyBinding]) {
            guard !bindings.isEmpty else { return }
            lines.append(StyledLine())
            lines.append(StyledLine(title, role: .header))
            for binding in bindings {
                lines.append(
                    StyledLine(spans: [
                        .init("  " + DisplayFormat.column(binding.label, 10), role: .keyHint), .init(binding.description, role: .text),
                    ]))
            }
        }
        let visible = keymap.visibleBindings(in: view, readOnly: readOnly)
        section("Keys in this view", visible.filter { !$0.views.isEmpty && !$0.isOperatorAction })
        if readOnly {
            lines.append(StyledLine())
            lines.append(StyledLine("Read-only console: operator actions are disabled and not listed.", role: .warning))
        } else {
            section("Operator actions (each opens a confirmation; Cancel has the focus)", visible.filter(\.isOperatorAction))
        }
        let isViewSwitch: (KeyBinding) -> Bool = { if case .show = $0.action { true } else { false } }
        section("Keys everywhere", visible.filter { $0.views.isEmpty && !$0.isOperatorAction && !isViewSwitch($0) })
        let views = visible.filter(isViewSwitch)
        if let first = views.first, let last = views.last {
            let list = views.map { "\($0.label) \($0.description)" }.joined(separator: " · ")
            for (index, piece) in StyledLine.wrapWords(list, width: max(20, width - 16)).enumerated() {
                let key = index == 0 ? "\(first.label)–\(last.label)" : ""
                lines.append(StyledLine(spans: [.init("  " + DisplayFormat.column(key, 10), role: .keyHint), .init(piece, role: .text)]))
            }
        }

        lines.append(StyledLine())
        lines.append(StyledLine("Dialogs, inspector, diff", role: .header))
        let modal: [(String, String)] = [
            ("Tab ← →", "move the focus between fields and buttons"), ("Enter", "activate the focused button (fields: next field)"),
            ("Esc", "cancel the dialog / close the overlay"), ("↑↓ PgUp PgDn", "scroll the inspector, the replay diff and this help"),
        ]
        for (key, text) in modal {
            lines.append(StyledLine(spans: [.init("  " + DisplayFormat.column(key, 14), role: .keyHint), .init(text, role: .text)]))
        }

        lines.append(StyledLine())
        lines.append(StyledLine("Filter syntax (/ or :filter): terms separated by spaces, all must match", role: .header))
        let filterHelp: [(String, String)] = [
            ("word", "substring of id, provider, model or status"), ("provider:NAME", "provider contains NAME (also model:, id:)"),
            ("status:503", "exact status; status:5xx any 5xx; status:live in flight; status:err not 2xx"),
            ("-term", "negates a term, e.g. -status:2xx"),
        ]
        for (term, text) in filterHelp {
            lines.append(StyledLine(spans: [.init("  " + DisplayFormat.column(term, 14), role: .keyHint), .init(text, role: .text)]))
        }

        lines.append(StyledLine())
        lines.append(StyledLine("Commands (:)", role: .header))
        for command in Self.commands where !(readOnly && command.isOperatorAction) {
            lines.append(StyledLine(spans: [.init("  " + command.usage, role: .keyHint), .init("  " + command.description, role: .dim)]))
        }
        lines.append(StyledLine())
        lines.append(StyledLine("Header: req/s over the last 10 s; p50, p99 and err (non-2xx share) over the last 60 s.", role: .dim))
        lines.append(StyledLine("Cache: hit % = hits / (hits + misses); bypassed requests (not looked up) are counted apart.", role: .dim))
        lines.append(StyledLine("Health: ● healthy  ▲ degraded (≥5% attempts failed)  ✖ failing (≥50%)  ⏸ paused", role: .dim))
        return lines
    }
}
