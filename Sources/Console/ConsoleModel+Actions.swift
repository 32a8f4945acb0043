import SignalboxCore

extension ConsoleModel {
    /// Opens the confirmation to pause (or resume, when paused) a provider.
    mutating func openPauseProvider(_ id: String?) {
        guard let id, let entry = provider(id) else {
            showStatus("no provider selected", kind: .error)
            return
        }
        if entry.paused {
            dialog = .confirm(
                ConfirmDialog(
                    title: "Resume provider \(id)?", message: ["Routes will send new requests to \(id) again."], confirmLabel: "Resume",
                    effects: [.execute(.resumeProvider(id))]))
        } else {
            dialog = .confirm(
                ConfirmDialog(
                    title: "Pause provider \(id)?",
                    message: ["Routes skip \(id) for new requests until it is resumed.", "Requests already in flight finish normally."],
                    confirmLabel: "Pause", effects: [.execute(.pauseProvider(id))]))
        }
    }

    /// Opens the confirmation to pause or resume the key selected in the Providers view.
    mutating func openPauseKey() {
        guard let providerID = selectedProvider, let keyID = selectedKey,
            let key = provider(providerID)?.keys.first(where: { $0.id == keyID })
        else {
            showStatus("select a key under its provider (↓) to pause or resume it", kind: .error)
            return
        }
        openPauseKey(provider: providerID, key: keyID, paused: key.paused)
    }

    mutating func openPauseKey(provider providerID: String, key keyID: String, paused: Bool) {
        let command: OperatorCommand = paused ? .resumeKey(provider: providerID, key: keyID) : .pauseKey(provider: providerID, key: keyID)
        let message =
            paused
            ? ["Key \(keyID) rejoins \(providerID)'s key pool."]
            : ["\(providerID) stops using key \(keyID) for new requests.", "Its other keys keep serving."]
        dialog = .confirm(
            ConfirmDialog(
                title: "\(paused ? "Resume" : "Pause") key \(providerID)/\(keyID)?", message: message,
                confirmLabel: paused ? "Resume" : "Pause", effects: [.execute(command)]))
    }

    mutating func openRotateKey(provider id: String?, key: String?) {
        guard let id, let entry = provider(id) else {
            showStatus("no provider selected", kind: .error)
            return
        }
        dialog = .rotateKey(RotateKeyDialog(provider: id, keys: entry.keys.map(\.id), preselectedKey: key))
    }

    mutating func openReplay(_ request: (id: RequestID, provider: String)?, preselected: String? = nil) {
        guard let request else {
            showStatus("no request selected", kind: .error)
            return
        }
        dialog = .replay(
            ReplayDialog(requestID: request.id, originalProvider: request.provider, providers: providers.map(\.id), preselected: preselected))
    }

    mutating func openResetBreakers(_ id: String?) {
        guard let id, let entry = provider(id) else {
            showStatus("no provider selected", kind: .error)
            return
        }
        let open = entry.breakers.sorted { $0.key < $1.key }.map { "\($0.key) (\($0.value))" }
        dialog = .confirm(
            ConfirmDialog(
                title: "Reset circuit breakers of \(id)?",
                message: open.isEmpty
                    ? ["Every breaker of \(id) is closed.", "Resetting also forgets the recent failures they counted."]
                    : ["Closes " + open.joined(separator: ", ") + ":", "\(id) gets traffic again at once, without waiting for a probe."],
                confirmLabel: "Reset", effects: [.execute(.resetBreakers(provider: id))]))
    }
}
