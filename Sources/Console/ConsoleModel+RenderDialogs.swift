extension ConsoleModel {
    func drawDialog(_ dialog: Dialog, into screen: inout ScreenBuffer) {
        switch dialog {
        case .confirm(let confirm):
            var body = confirm.message.map { StyledLine($0, role: .dialog) }
            body.append(StyledLine())
            drawBox(
                title: confirm.title, body: body,
                buttons: [("Cancel", confirm.focus == .cancel, true), (confirm.confirmLabel, confirm.focus == .confirm, true)], into: &screen)
        case .replay(let replay):
            var body = [StyledLine("Send \(replay.requestID) again to:", role: .dialog)]
            for (index, choice) in replay.choices.enumerated() {
                let chosen = index == replay.choice
                body.append(StyledLine((chosen ? " (•) " : " ( ) ") + replay.label(of: choice), role: chosen ? .input : .dialog))
            }
            body.append(StyledLine("↑/↓ choose the provider; the result opens as a diff.", role: .dim))
            body.append(StyledLine())
            drawBox(
                title: "Replay request?", body: body,
                buttons: [("Cancel", replay.focus == .cancel, true), ("Replay", replay.focus == .confirm, true)], into: &screen)
        case .rotateKey(let rotate):
            drawRotateDialog(rotate, into: &screen)
        }
    }

    private func drawRotateDialog(_ rotate: RotateKeyDialog, into screen: inout ScreenBuffer) {
        let fieldWidth = 36
        func field(_ text: String, focused: Bool) -> StyledLine {
            let shown = DisplayFormat.tail(text, fieldWidth - 1)
            let padded = shown + String(repeating: "_", count: max(0, fieldWidth - DisplayFormat.displayWidth(shown)))
            return StyledLine(spans: [.init(focused ? " ▸ " : "   ", role: .accent), .init(padded, role: .input)])
        }
        var body: [StyledLine] = [
            StyledLine("The old secret stays valid for the grace period, so", role: .dialog),
            StyledLine("requests already signed with it can finish.", role: .dialog),
            StyledLine(),
            StyledLine("Type the provider id (\(rotate.provider)) to confirm:", role: .dialog),
            field(rotate.confirmation.text, focused: rotate.focus == .confirmation),
        ]
        if rotate.keys.isEmpty {
            body.append(StyledLine("Key id (no keys reported; ^R in Providers refreshes):", role: .dialog))
            body.append(field(rotate.typedKey.text, focused: rotate.focus == .key))
        } else if rotate.keys.count > 1 {
            let focused = rotate.focus == .key
            body.append(
                StyledLine(spans: [
                    .init(focused ? " ▸ " : "   ", role: .accent), .init("Key: ", role: .dialog),
                    .init("◂ \(rotate.keys[rotate.keyIndex]) ▸", role: focused ? .input : .dialog),
                    .init("  (\(rotate.keyIndex + 1) of \(rotate.keys.count), ←/→ choose)", role: .dim),
                ]))
        } else {
            body.append(StyledLine("   Key: \(rotate.keys[0])", role: .dialog))
        }
        body.append(StyledLine("New secret (masked), or env:NAME / file:/path:", role: .dialog))
        body.append(field(rotate.secret.display, focused: rotate.focus == .secret))
        body.append(StyledLine())
        body.append(
            StyledLine(rotate.missing.map { "! " + $0 } ?? "Ready: Tab to Rotate, then Enter.", role: rotate.missing == nil ? .healthy : .warning))
        drawBox(
            title: "Rotate key of \(rotate.provider)", body: body,
            buttons: [("Cancel", rotate.focus == .cancel, true), ("Rotate", rotate.focus == .rotate, rotate.missing == nil)], into: &screen)
    }

    /// A centred box with a title, body lines and a button row. A focused button is bracketed
    /// with arrows as well as styled, so focus reads without colour.
    private func drawBox(title: String, body: [StyledLine], buttons: [(label: String, focused: Bool, enabled: Bool)], into screen: inout ScreenBuffer)
    {
        let contentWidth = max(DisplayFormat.displayWidth(title) + 4, body.map { DisplayFormat.displayWidth($0.text) }.max() ?? 0, 40)
        let boxWidth = min(width - 4, contentWidth + 4)
        let boxHeight = min(height - 2, body.count + 4)
        let x = (width - boxWidth) / 2
        let y = max(1, (height - boxHeight) / 2)
        screen.fill(x: x, y: y, width: boxWidth, height: boxHeight, role: .dialog)
        let horizontal = String(repeating: "─", count: boxWidth - 2)
        screen.put("┌" + horizontal + "┐", x: x, y: y, role: .border)
        screen.put("└" + horizontal + "┘", x: x, y: y + boxHeight - 1, role: .border)
        for row in (y + 1)..<(y + boxHeight - 1) {
            screen.put("│", x: x, y: row, role: .border)
            screen.put("│", x: x + boxWidth - 1, y: row, role: .border)
        }
        screen.put(" \(title) ", x: x + 2, y: y, role: .title, maxWidth: boxWidth - 4)
        for (offset, line) in body.enumerated() where 1 + offset < boxHeight - 2 {
            line.draw(into: &screen, x: x + 2, y: y + 1 + offset, width: boxWidth - 4)
        }
        let labels = buttons.map { button in button.focused ? "[▸\(button.label)◂]" : "[ \(button.label) ]" }
        let rowWidth = labels.reduce(0) { $0 + DisplayFormat.displayWidth($1) } + 2 * (labels.count - 1)
        var buttonX = x + boxWidth - 2 - rowWidth
        let buttonY = y + boxHeight - 2
        for (label, button) in zip(labels, buttons) {
            let role: StyleRole = button.focused ? .buttonFocused : (button.enabled ? .button : .dim)
            buttonX = screen.put(label, x: buttonX, y: buttonY, role: role) + 2
        }
    }
}
