import DequeModule
import Foundation
import Logging
public import NIOCore
public import SignalboxCore
import Synchronization

/// The only way to change the gateway's runtime state: pause and resume providers and keys,
/// rotate a provider key, replay a recorded request, reset or open breakers. The console and the
/// admin API call the same methods; every command is published on the bus, kept in the action log
/// and, once an audit trail is attached (the store is open), appended to the persistent audit log.
public final class ControlPlane: Sendable {
    private let gateway: Gateway
    /// Replays run through the normal pipeline on this loop.
    private let eventLoop: any EventLoop
    private let actions = Mutex(Deque<OperatorAction>())
    private let auditTrail = Mutex<(any OperatorAuditTrail)?>(nil)
    private let archive = Mutex<(any RequestArchive)?>(nil)
    /// Entries kept in the in-memory action log (the audit trail, when attached, keeps everything).
    public static let actionLogCapacity = 1_000

    public init(gateway: Gateway, eventLoop: any EventLoop) {
        self.gateway = gateway
        self.eventLoop = eventLoop
    }

    /// From now on every executed command is also appended to `trail` (the store's audit log).
    public func recordActions(to trail: any OperatorAuditTrail) {
        auditTrail.withLock { $0 = trail }
    }

    /// From now on a request no longer in the in-memory ring is replayed from `archive` (the
    /// request log), when it kept the full request body.
    public func replayFromArchive(_ archive: any RequestArchive) {
        self.archive.withLock { $0 = archive }
    }

    /// Every provider with its keys (masked) and pause state, in configuration order.
    public func providers() -> [ProviderSnapshot] {
        gateway.routes.states.snapshots(nowMs: MonotonicClock.wallMilliseconds())
    }

    /// A recent request, headers masked, or nil once it has left the ring.
    public func recordedRequest(_ id: RequestID) -> RecordedExchange? {
        gateway.recorder.exchange(id)
    }

    /// The most recent requests, newest first.
    public func recentRequests(limit: Int) -> [RecordedExchange] {
        gateway.recorder.recent(limit: limit)
    }

    /// The circuit breakers of `provider`'s routed models (`closed`, `open`, `half-open`), by model.
    public func breakers(of provider: String) -> [(model: String, state: String)] {
        let states = gateway.health.breakerStates()
        return gateway.routes.models(ofProvider: provider).map { model in
            (model, states[TargetHealthTable.key(provider: provider, model: model)] ?? CircuitBreaker.State.closed.name)
        }
    }

    /// Every budget now (keys', teams', the gateway's), from the governor: what `GET
    /// /admin/v1/budgets` lists. One short lock; callers poll it off the hot path.
    public func budgets() -> [BudgetStatus] {
        gateway.governor.budgets()
    }

    /// The newest `limit` persisted audit entries of every actor, newest first; nil when no audit
    /// trail is attached (the store is not open, so actions are not persisted).
    public func auditEntries(limit: Int) async throws -> [OperatorAuditEntrySummary]? {
        guard let trail = auditTrail.withLock({ $0 }) else { return nil }
        return try await trail.recentActions(limit: limit)
    }

    /// Walks the persisted audit chain; nil when no audit trail is attached.
    public func verifyAuditChain() async throws -> OperatorAuditChainCheck? {
        guard let trail = auditTrail.withLock({ $0 }) else { return nil }
        return try await trail.verifyChain()
    }

    /// Commands executed so far (oldest first), at most `actionLogCapacity`.
    public func actionLog() -> [OperatorAction] {
        actions.withLock { Array($0) }
    }

    /// Executes `command` for `actor` (`console`, `admin:<token id>`) acting with `role`, publishes
    /// what happened, logs it, and appends it to the audit trail (refused commands too, with
    /// `outcome: refused`) before returning. Never throws: a command that cannot be carried out
    /// comes back `.refused` with why; a failed audit write is logged as an error.
    public func execute(_ command: OperatorCommand, actor: String, role: AdminRole = .operator) async -> OperatorOutcome {
        let outcome: OperatorOutcome
        switch command {
        case .pauseProvider(let id):
            outcome = change(command) { states, _ in try states.setPaused(true, provider: id) } events: { now in
                [.providerStateChanged(ProviderStateChanged(timestampMs: now, provider: id, key: nil, paused: true))]
            } done: { "paused \(id): new requests skip it" }
        case .resumeProvider(let id):
            outcome = change(command) { states, _ in try states.setPaused(false, provider: id) } events: { now in
                [.providerStateChanged(ProviderStateChanged(timestampMs: now, provider: id, key: nil, paused: false))]
            } done: { "resumed \(id)" }
        case .pauseKey(let provider, let key):
            outcome = change(command) { states, _ in try states.setPaused(true, provider: provider, key: key) } events: { now in
                [.providerStateChanged(ProviderStateChanged(timestampMs: now, provider: provider, key: key, paused: true))]
            } done: { "paused key \(provider)/\(key)" }
        case .resumeKey(let provider, let key):
            outcome = change(command) { states, _ in try states.setPaused(false, provider: provider, key: key) } events: { now in
                [.providerStateChanged(ProviderStateChanged(timestampMs: now, provider: provider, key: key, paused: false))]
            } done: { "resumed key \(provider)/\(key)" }
        case .rotateKey(let provider, let key, let secret, let graceSeconds):
            let grace = max(0, graceSeconds ?? gateway.control.keyRotationGraceSeconds)
            outcome = change(command) { states, now in
                try states.rotate(provider: provider, key: key, to: secret, graceUntilMs: now + UInt64(grace) * 1_000)
            } events: { now in
                [.keyRotated(KeyRotated(timestampMs: now, provider: provider, key: key, maskedSecret: secret.masked, graceSeconds: grace))]
            } done: { "rotated key \(provider)/\(key) to \(secret.masked); the previous secret stays with in-flight requests for \(grace)s" }
        case .replay(let id, let provider):
            outcome = await replay(id, provider: provider)
        case .resetBreakers(let provider):
            outcome = resetBreakers(provider)
        case .openBreakers(let provider):
            outcome = openBreakers(provider)
        case .purgeCache(let purge):
            outcome = purgeCache(purge)
        }
        let action = OperatorAction(
            timestampMs: MonotonicClock.wallMilliseconds(), actor: actor, command: command.description, succeeded: outcome.succeeded,
            summary: outcome.summary)
        actions.withLock { log in
            if log.count == Self.actionLogCapacity { log.removeFirst() }
            log.append(action)
        }
        gateway.bus.publish(.operatorAction(action))
        gateway.logger.notice(
            "operator action",
            metadata: ["actor": "\(actor)", "command": "\(command.description)", "succeeded": "\(outcome.succeeded)", "result": "\(outcome.summary)"])
        await audit(command, actor: actor, role: role, outcome: outcome)
        return outcome
    }

    // MARK: - Audit

    private func audit(_ command: OperatorCommand, actor: String, role: AdminRole, outcome: OperatorOutcome) async {
        guard let trail = auditTrail.withLock({ $0 }) else { return }
        var details = command.auditDetails
        switch outcome {
        case .done(let summary):
            details["outcome"] = .string("done")
            if case .rotateKey(_, _, _, let grace) = command {
                // The key and the grace only: the summary names the (masked) new secret.
                details["grace_seconds"] = .number(Double(max(0, grace ?? gateway.control.keyRotationGraceSeconds)))
            } else {
                details["result"] = .string(summary)
            }
        case .replayed(let result):
            details["outcome"] = .string("done")
            details["replay_id"] = .string(result.replay.id.rawValue)
            details["replay_provider"] = .string(result.replay.provider)
            details["status"] = .number(Double(result.replay.status))
        case .refused(let reason):
            details["outcome"] = .string("refused")
            details["reason"] = .string(reason)
        }
        let record = OperatorAuditRecord(actor: actor, role: role, action: command.auditAction, target: command.auditTarget, details: details)
        do {
            try await trail.record(record)
        } catch {
            gateway.logger.error(
                "operator action not written to the audit log", metadata: ["actor": "\(actor)", "action": "\(record.action)", "error": "\(error)"])
        }
    }

    // MARK: - State changes

    private func change(
        _ command: OperatorCommand,
        _ apply: (ProviderStateTable, UInt64) throws -> Void,
        events: (UInt64) -> [GatewayEvent],
        done: () -> String
    ) -> OperatorOutcome {
        let now = MonotonicClock.wallMilliseconds()
        do {
            try apply(gateway.routes.states, now)
        } catch let error as ProviderStateTable.ChangeError {
            switch error {
            case .unknownProvider(let id): return .refused("no provider '\(id)'")
            case .unknownKey(let provider, let key): return .refused("provider '\(provider)' has no key '\(key)'")
            case .unchanged(let message): return .done(message)
            case .invalidSecret(let message): return .refused("cannot rotate: \(message)")
            }
        } catch {
            return .refused("\(command) failed: \(error)")
        }
        for event in events(now) { gateway.bus.publish(event) }
        return .done(done())
    }

    // MARK: - Breakers

    private func resetBreakers(_ provider: String) -> OperatorOutcome {
        guard gateway.routes.states.contains(provider) else { return .refused("no provider '\(provider)'") }
        let changed = gateway.health.resetBreakers(provider: provider)
        for (model, transition) in changed { gateway.publishBreakerChange(provider: provider, model: model, transition) }
        return .done(
            changed.isEmpty
                ? "every circuit breaker of \(provider) was already closed"
                : "closed \(changed.count) circuit breaker\(changed.count == 1 ? "" : "s") of \(provider): \(changed.map(\.model).joined(separator: ", "))")
    }

    private func openBreakers(_ provider: String) -> OperatorOutcome {
        guard gateway.routes.states.contains(provider) else { return .refused("no provider '\(provider)'") }
        guard !gateway.routes.models(ofProvider: provider).isEmpty else { return .refused("provider '\(provider)' serves no route") }
        let changed = gateway.openBreakers(of: provider)
        return .done("opened \(changed) circuit breaker\(changed == 1 ? "" : "s") of \(provider); it gets traffic again after a probe")
    }

    // MARK: - Cache

    /// The response cache's counters and bounds, or nil when no route caches.
    public func cacheStats() -> (stats: ExactCache.Stats, maxEntries: Int, maxBytes: Int)? {
        gateway.exactCache.map { ($0.stats, $0.maxEntries, $0.maxBytes) }
    }

    private func purgeCache(_ purge: CachePurge) -> OperatorOutcome {
        guard let cache = gateway.exactCache else {
            return .refused("no route has a response cache (models[].cache.exact)")
        }
        let cutoff = purge.olderThanSeconds.map { Int64(MonotonicClock.wallMilliseconds()) - Int64($0) * 1_000 }
        let matches: (ExactCache.Entry) -> Bool = { entry in
            (purge.route.map { entry.route == $0 } ?? true) && (purge.keyID.map { entry.namespace == .key($0) } ?? true)
                && (cutoff.map { entry.createdMs <= $0 } ?? true)
        }
        let removed = cache.purge { _, entry in matches(entry) }
        gateway.semanticCache?.purge(where: matches)
        gateway.cachePurged(purge, cutoffMs: cutoff)
        return .done("purged \(removed) cache entr\(removed == 1 ? "y" : "ies")\(purge.description)")
    }

    // MARK: - Replay

    /// What a replay repeats: the original as recorded, and the request to send again.
    private struct ReplaySource {
        var original: RecordedExchange
        var headers: [HTTPField]
        var body: ByteBuffer
        /// Set for a request from the log: the virtual key it acts as (the log has no secrets).
        var actingKeyID: String?
    }

    private func replay(_ id: RequestID, provider override: String?) async -> OperatorOutcome {
        let source: ReplaySource
        switch await replaySource(id) {
        case .success(let found): source = found
        case .failure(let refusal): return .refused(refusal.reason)
        }
        let endpoint = source.original.endpoint
        guard endpoint == .chatCompletions || endpoint == .embeddings else {
            return .refused("only chat completions and embeddings can be replayed")
        }
        var body = source.body
        if let override {
            guard gateway.routes.states.contains(override) else { return .refused("no provider '\(override)'") }
            let model = replayModel(for: source.original, on: override)
            guard let rewritten = Self.settingModel(override + "/" + model, in: body) else {
                return .refused("request \(id) is not a JSON object; cannot address it to \(override)")
            }
            body = rewritten
        }
        var request = InboundRequest(
            method: "POST", path: endpoint == .embeddings ? "/v1/embeddings" : "/v1/chat/completions", headers: source.headers,
            body: body, receivedAt: MonotonicClock.now(), replayOf: id)
        request.actingKeyID = source.actingKeyID
        let eventLoop = self.eventLoop
        let gateway = self.gateway
        let captured = await withCheckedContinuation { (continuation: CheckedContinuation<CapturedResponse, Never>) in
            eventLoop.execute {
                let writer = CallbackResponseWriter(eventLoop: eventLoop) { continuation.resume(returning: $0) }
                switch endpoint {
                case .embeddings: _ = gateway.embeddings(request, on: eventLoop, writer: writer)
                default: _ = gateway.chatCompletions(request, on: eventLoop, writer: writer)
                }
            }
        }
        let original = source.original
        let replayID = captured.headers.first("x-signalbox-request-id").map(RequestID.init(rawValue:))
        let replay =
            replayID.flatMap { gateway.recorder.exchange($0) }
            ?? RecordedExchange(
                id: replayID ?? RequestID(rawValue: "unrecorded"), timestampMs: MonotonicClock.wallMilliseconds(), endpoint: endpoint,
                requestedModel: original.requestedModel, provider: captured.headers.first("x-signalbox-provider") ?? "",
                model: captured.headers.first("x-signalbox-model") ?? "", stream: original.stream, status: captured.status,
                requestHeaders: original.requestHeaders, requestBody: CappedBody(bytes: Array(body.readableBytesView), totalLength: body.readableBytes),
                responseHeaders: captured.headers,
                responseBody: CappedBody(bytes: Array(captured.body.readableBytesView), totalLength: captured.body.readableBytes), attempts: [],
                usage: nil, timings: StageTimings(), providerRequestID: nil, errorMessage: nil, replayOf: id)
        return .replayed(ReplayResult(original: original, replay: replay))
    }

    private struct ReplayRefusal: Error {
        var reason: String
    }

    /// The request to replay: from the in-memory ring (headers included), else from the request
    /// log when it kept the complete body as the client sent it.
    private func replaySource(_ id: RequestID) async -> Result<ReplaySource, ReplayRefusal> {
        if let entry = gateway.recorder.entry(id) {
            guard entry.request.body.readableBytes == entry.request.bodyLength else {
                return .failure(
                    ReplayRefusal(
                        reason: "request \(id) had a \(entry.request.bodyLength)-byte body, more than the \(gateway.recorder.bodyCap) bytes kept "
                            + "(control.recent_body_bytes); it cannot be replayed"))
            }
            return .success(ReplaySource(original: RequestRecorder.exchange(from: entry), headers: entry.request.headers, body: entry.request.body))
        }
        let ring = "request \(id) is no longer among the last \(gateway.recorder.capacity) recorded requests"
        guard let archive = archive.withLock({ $0 }) else { return .failure(ReplayRefusal(reason: ring)) }
        let logged: ArchivedRequest?
        do {
            logged = try await archive.archivedRequest(id)
        } catch {
            return .failure(ReplayRefusal(reason: "\(ring), and the request log could not be read (\(error))"))
        }
        guard let logged else { return .failure(ReplayRefusal(reason: "\(ring) nor in the request log")) }
        guard let text = logged.requestBody else {
            return .failure(
                ReplayRefusal(reason: "\(ring), and the request log kept no body for it (request_log.bodies: off); it cannot be replayed"))
        }
        guard logged.bodyCapture == .full else {
            let how = logged.bodyCapture.map { "request_log.bodies: \($0.rawValue)" } ?? "captured before the log noted how"
            return .failure(
                ReplayRefusal(
                    reason: "\(ring), and the request log kept its body redacted (\(how)), not as the client sent it; "
                        + "replaying from the log needs request_log.bodies: full"))
        }
        let body = ByteBuffer(string: text)
        if let length = logged.requestBodyLength, length > body.readableBytes {
            return .failure(
                ReplayRefusal(
                    reason: "\(ring), and the request log kept \(body.readableBytes) of its \(length) body bytes "
                        + "(control.recent_body_bytes); it cannot be replayed"))
        }
        let original = RecordedExchange(
            id: logged.id, timestampMs: logged.timestampMs, endpoint: Endpoint(rawValue: logged.endpoint) ?? .chatCompletions,
            requestedModel: logged.requestedModel, provider: logged.provider, model: logged.model, stream: logged.stream, status: logged.status,
            requestHeaders: [], requestBody: CappedBody(bytes: Array(text.utf8), totalLength: logged.requestBodyLength ?? body.readableBytes),
            responseHeaders: [], responseBody: logged.responseBody.map { CappedBody(bytes: Array($0.utf8), totalLength: $0.utf8.count) } ?? .empty,
            attempts: [], usage: nil, timings: StageTimings(), providerRequestID: logged.providerRequestID, errorMessage: logged.errorMessage)
        guard Endpoint(rawValue: logged.endpoint) != nil else {
            return .failure(ReplayRefusal(reason: "request \(id) was a '\(logged.endpoint)' request; only chat completions and embeddings can be replayed"))
        }
        return .success(
            ReplaySource(original: original, headers: [HTTPField("Content-Type", "application/json")], body: body, actingKeyID: logged.keyID))
    }

    /// The model to ask `provider` for when replaying elsewhere: the same provider's model if it is
    /// the original one, else that provider's target in the original route, else the same name.
    private func replayModel(for finished: RecordedExchange, on provider: String) -> String {
        if provider == finished.provider, !finished.model.isEmpty { return finished.model }
        if let target = gateway.routes.targets(of: finished.requestedModel).first(where: { $0.provider == provider }) {
            return target.model
        }
        if !finished.model.isEmpty { return finished.model }
        if let slash = finished.requestedModel.firstIndex(of: "/") { return String(finished.requestedModel[finished.requestedModel.index(after: slash)...]) }
        return finished.requestedModel
    }

    /// The body with its top-level `model` replaced, re-encoded by the JSON library.
    static func settingModel(_ model: String, in body: ByteBuffer) -> ByteBuffer? {
        guard var object = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else { return nil }
        object["model"] = model
        guard let data = try? JSONSerialization.data(withJSONObject: object) else { return nil }
        return ByteBuffer(bytes: data)
    }
}

/// The response a replay received.
