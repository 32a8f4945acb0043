public import SignalboxCore

extension ConsoleModel {
    /// Folds one gateway event into the model. Called for every event drained from the bus, so it
    /// does O(1) work (amortised) and never scans the request ring.
    public mutating func apply(_ event: GatewayEvent) {
        switch event {
        case .requestStarted(let started):
            log.apply(started: started)
            if !started.provider.isEmpty { _ = entryIndex(for: started.provider) }
        case .requestFinished(let finished):
            log.apply(finished: finished)
            traffic.record(atMs: finished.timestampMs, failed: !finished.succeeded)
            latency.record(finished.latencyMs, atMs: finished.timestampMs)
            keySpend.record(finished)
            cacheBoard.record(finished)
            if !finished.provider.isEmpty {
                providers[entryIndex(for: finished.provider)].stats.record(finished: finished)
            }
            if finished.attempts > 1 {
                let target = finished.provider.isEmpty ? "no provider" : finished.provider
                addTimeline(
                    finished.timestampMs, "↪",
                    "\(shortID(finished.id)) failed over to \(target) after \(finished.attempts) attempts (\(finished.status))",
                    role: finished.succeeded ? .warning : .error)
            }
        case .attemptFailed(let failed):
            if !failed.provider.isEmpty { providers[entryIndex(for: failed.provider)].stats.record(failed: failed) }
            let status = failed.status.map { "\($0) " } ?? ""
            addTimeline(
                failed.timestampMs, "✖", "\(failed.provider) attempt \(failed.attempt): \(status)\(failed.reason) · \(shortID(failed.requestID))",
                role: .error)
        case .providerStateChanged(let change):
            let index = entryIndex(for: change.provider)
            if var snapshot = providers[index].snapshot {
                if let key = change.key {
                    if let keyIndex = snapshot.keys.firstIndex(where: { $0.id == key }) { snapshot.keys[keyIndex].paused = change.paused }
                } else {
                    snapshot.paused = change.paused
                }
                providers[index].snapshot = snapshot
            } else if change.key == nil {
                providers[index].snapshot = ProviderSnapshot(id: change.provider, kind: "?", baseURL: "", paused: change.paused, keys: [])
            }
            let subject = change.key.map { "key \(change.provider)/\($0)" } ?? change.provider
            addTimeline(
                change.timestampMs, change.paused ? "⏸" : "▶", "\(subject) \(change.paused ? "paused" : "resumed")",
                role: change.paused ? .paused : .healthy)
        case .keyRotated(let rotation):
            let index = entryIndex(for: rotation.provider)
            if var snapshot = providers[index].snapshot, let keyIndex = snapshot.keys.firstIndex(where: { $0.id == rotation.key }) {
                snapshot.keys[keyIndex].masked = rotation.maskedSecret
                snapshot.keys[keyIndex].graceUntilMs = rotation.timestampMs + UInt64(max(0, rotation.graceSeconds)) * 1000
                providers[index].snapshot = snapshot
            }
            addTimeline(
                rotation.timestampMs, "⟳",
                "\(rotation.provider)/\(rotation.key) key rotated → \(rotation.maskedSecret), grace \(rotation.graceSeconds)s",
                role: .accent)
        case .budgetAlert(let alert):
            budgetBoard.apply(alert)
            let percent = Int((alert.threshold * 100).rounded())
            addTimeline(
                alert.timestampMs, "$",
                "budget \(alert.scope) at \(percent) % (\(DisplayFormat.usd(micros: alert.spentMicros)) of \(DisplayFormat.usd(micros: alert.limitMicros)), \(alert.period.rawValue))",
                role: alert.threshold >= 1 ? .error : .warning)
        case .failover(let failover):
            addTimeline(
                failover.timestampMs, "↪",
                "\(shortID(failover.requestID)) \(failover.fromProvider) → \(failover.toProvider) (attempt \(failover.attempt)): \(failover.reason)",
                role: .warning)
        case .breakerChanged(let change):
            let index = entryIndex(for: change.provider)
            if change.to == "closed" {
                providers[index].breakers.removeValue(forKey: change.model)
            } else {
                providers[index].breakers[change.model] = change.to
            }
            let glyph: Character = change.to == "open" ? "✖" : change.to == "half-open" ? "◐" : "●"
            addTimeline(
                change.timestampMs, glyph, "breaker \(change.provider)/\(change.model) \(change.from) → \(change.to): \(change.reason)",
                role: change.to == "open" ? .open : change.to == "half-open" ? .degraded : .healthy)
        case .operatorAction(let action):
            actionLog.append(action)
            if actionLog.count > Self.actionLogCapacity { actionLog.removeFirst() }
            addTimeline(
                action.timestampMs, "⚑", "\(action.actor): \(action.command) " + (action.succeeded ? "✔" : "✖ refused: \(action.summary)"),
                role: action.succeeded ? .accent : .error)
        }
        if selectedProvider == nil { selectedProvider = providers.first?.id }
        changed()
    }

    private mutating func addTimeline(_ timestampMs: UInt64, _ glyph: Character, _ text: String, role: StyleRole) {
        timeline.append(TimelineEntry(timestampMs: timestampMs, glyph: glyph, text: text, role: role))
        if timeline.count > Self.timelineCapacity { timeline.removeFirst() }
    }

    /// The distinguishing end of a request id (ids share their time prefix).
    func shortID(_ id: RequestID) -> String { DisplayFormat.tail(id.rawValue, 9) }
}
