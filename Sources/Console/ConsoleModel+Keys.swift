import SignalboxCore

extension ConsoleModel {
    /// Handles one key press and returns what the runner must do. Modal layers take keys first:
    /// an open dialog, then a text field on the status bar, then a full-screen overlay, then the
    /// keymap of the current view.
    public mutating func handle(_ key: KeyInput) -> [ConsoleEffect] {
        defer { changed() }
        if case .resize(let newWidth, let newHeight) = key {
            resize(width: newWidth, height: newHeight)
            return []
        }
        if dialog != nil { return handleDialog(key) }
        if input != nil { return handleInput(key) }
        if overlay != nil, let effects = handleOverlay(key) { return effects }
        guard let binding = keymap.binding(for: key, in: view) else { return [] }
        if binding.isOperatorAction && readOnly {
            showStatus("read-only console: \(binding.description) is disabled", kind: .error)
            return []
        }
        return perform(binding.action)
    }

    mutating func perform(_ action: ConsoleAction) -> [ConsoleEffect] {
        switch action {
        case .quit:
            return [.quit]
        case .help:
            overlay = .help(scroll: 0)
        case .commandLine:
            input = .command(TextInput())
        case .filter:
            input = .filter(TextInput(log.filter.text), previous: log.filter.text)
        case .show(let target):
            view = target
            overlay = nil
            switch target {
            case .providers:
                if selectedProvider == nil { selectedProvider = providers.first?.id }
                return [.refreshProviders]
            case .keysAndBudgets:
                return [.refreshBudgets]
            case .audit:
                return auditRefresh.map { [$0] } ?? []
            case .cache:
                return [.refreshCacheStats]
            case .overview, .requests:
                break
            }
        case .moveUp: move(by: -1)
        case .moveDown:
            move(by: 1)
            return auditPaging()
        case .pageUp: move(by: -max(1, pageSize - 1))
        case .pageDown:
            move(by: max(1, pageSize - 1))
            return auditPaging()
        case .first: moveToEnd(newest: true)
        case .last:
            moveToEnd(newest: false)
            return auditPaging()
        case .open: return openSelection()
        case .close:
            if !log.filter.isEmpty {
                log.setFilter(RequestFilter(""))
                showStatus("filter cleared", kind: .info)
            }
        case .toggleFollow: toggleFollow()
        case .switchPanel: overviewPanel = overviewPanel == .requests ? .providers : .requests
        case .refreshProviders:
            showStatus("refreshing providers…", kind: .info)
            return [.refreshProviders]
        case .refreshView:
            switch view {
            case .keysAndBudgets: return [.refreshBudgets]
            case .audit:
                if audit.isStoreOff { showStatus("the store is off: only this session's actions are listed", kind: .info) }
                return auditRefresh.map { [$0] } ?? []
            case .cache: return [.refreshCacheStats]
            default: return []
            }
        case .verifyAuditChain:
            return verifyAuditChain()
        case .pauseProvider: openPauseProvider(selectedProvider)
        case .pauseKey: openPauseKey()
        case .rotateKey: openRotateKey(provider: selectedProvider, key: view == .providers ? selectedKey : nil)
        case .replay: openReplay(selectedRequest.map { ($0.id, $0.provider) })
        case .resetBreaker: openResetBreakers(selectedProvider)
        case .purgeCache: openPurgeCache(route: nil)
        }
        return []
    }

    private mutating func resize(width newWidth: Int, height newHeight: Int) {
        width = max(0, newWidth)
        height = max(0, newHeight)
        switch overlay {
        case .inspector(var inspector):
            inspector.layout(width: documentWidth)
            overlay = .inspector(inspector)
        case .replayDiff(var diff):
            diff.layout(width: documentWidth)
            overlay = .replayDiff(diff)
        case .help, nil:
            break
        }
        keepSelectionVisible()
    }

    private mutating func handleDialog(_ key: KeyInput) -> [ConsoleEffect] {
        guard var open = dialog else { return [] }
        if key == .control("c") { return [.quit] }
        let outcome = open.handle(key)
        dialog = open
        switch outcome {
        case .stay:
            return []
        case .cancelled:
            dialog = nil
            showStatus("cancelled", kind: .info)
            return []
        case .incomplete(let reason):
            showStatus(reason, kind: .error)
            return []
        case .confirmed(let effects):
            // Dropping the dialog also drops any typed secret: only the effect carries it on.
            dialog = nil
            showStatus(Self.pendingDescription(effects), kind: .info)
            return effects
        }
    }

    private static func pendingDescription(_ effects: [ConsoleEffect]) -> String {
        switch effects.first {
        case .execute(let command): "\(command)…"
        case .rotateKey(let provider, let key, let source, _):
            switch source {
            case .environment(let name): "rotate key \(provider)/\(key) from env:\(name)…"
            case .file(let path): "rotate key \(provider)/\(key) from file:\(path)…"
            }
        default: "working…"
        }
    }

    private mutating func handleInput(_ key: KeyInput) -> [ConsoleEffect] {
        switch input {
        case .filter(var field, let previous):
            switch key {
            case .escape:
                log.setFilter(RequestFilter(previous))
                input = nil
            case .enter:
                input = nil
                showStatus(field.text.isEmpty ? "filter cleared" : "filter: \(field.text)", kind: .info)
            default:
                guard field.edit(key) else { return [] }
                input = .filter(field, previous: previous)
                // The list narrows as the operator types; a keystroke may scan the ring once.
                log.setFilter(RequestFilter(field.text))
            }
        case .command(var field):
            switch key {
            case .escape:
                input = nil
            case .enter:
                input = nil
                return runCommand(field.text)
            case .backspace where field.text.isEmpty:
                input = nil
            default:
                if field.edit(key) { input = .command(field) }
            }
        case nil:
            break
        }
        return []
    }

    /// Keys for overlays; nil passes the key on to the keymap (e.g. view switching, `q`).
    private mutating func handleOverlay(_ key: KeyInput) -> [ConsoleEffect]? {
        guard let current = overlay else { return nil }
        let page = max(1, pageSize - 1)
        let delta: Int? =
            switch key {
            case .up, .control("p"): -1
            case .down, .control("n"): 1
            case .pageUp: -page
            case .pageDown, .character(" "): page
            case .home: Int.min / 2
            case .end: Int.max / 2
            default: nil
            }
        if let delta {
            scrollOverlay(by: delta)
            return []
        }
        switch key {
        case .escape:
            overlay = nil
            return []
        case .character("?"):
            if case .help = current { overlay = nil } else { overlay = .help(scroll: 0) }
            return []
        case .character("R"):
            guard case .inspector(let inspector) = current else { return nil }
            if readOnly {
                showStatus("read-only console: replay is disabled", kind: .error)
                return []
            }
            var provider = ""
            if case .loaded(let exchange) = inspector.phase { provider = exchange.provider }
            openReplay((inspector.id, provider))
            return []
        case .character(let character) where character.isNumber:
            overlay = nil
            return nil
        default:
            return key == .character("q") || key == .control("c") ? nil : []
        }
    }

    private mutating func scrollOverlay(by delta: Int) {
        func clamp(_ value: Int, _ count: Int) -> Int {
            let maxScroll = max(0, count - contentHeight)
            return min(maxScroll, max(0, value))
        }
        switch overlay {
        case .help(let scroll):
            overlay = .help(scroll: clamp(scroll.addingReportingOverflow(delta).partialValue, helpLines().count))
        case .inspector(var inspector):
            inspector.scroll = clamp(inspector.scroll.addingReportingOverflow(delta).partialValue, inspector.lines.count)
            overlay = .inspector(inspector)
        case .replayDiff(var diff):
            diff.scroll = clamp(diff.scroll.addingReportingOverflow(delta).partialValue, diff.lines.count)
            overlay = .replayDiff(diff)
        case nil:
            break
        }
    }
}
