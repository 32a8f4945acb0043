import Foundation
import Logging
import NIOCore
import Providers
import SignalboxCore
import Synchronization
import Upstream

/// One proxied request from the moment its plan is ready until the client has its answer,
/// across every attempt: a retryable failure (connect error, timeout, 429, 5xx) that happens
/// before the first byte reaches the client moves on to the plan's next target, or retries the
/// last one after a backoff that honours `Retry-After`, within `retries.max_attempts` and the
/// gateway's retry budget. State is split by owner: `UpstreamSide` is touched only on the
/// upstream thread (the delegate contract guarantees serial calls there), `LoopSide` only on the
/// client's event loop (enforced by `NIOLoopBound`). The upstream thread reaches the loop with one
/// `execute` per completed response or per relayed stream part.
final class ProxyExchange: UpstreamResponseDelegate, ExchangeHandle {
    let context: ExchangeContext
    private let gateway: Gateway
    private let eventLoop: any EventLoop
    private let plan: RouteTable.Plan
    private let build: @Sendable (RouteTable.Target) throws -> OutboundRequest
    private let loop: NIOLoopBound<LoopSide>
    private let upstreamSide = UpstreamSide()
    /// Set by the loop when the client's socket is full; read by the upstream thread to pause.
    private let clientBackpressure = Atomic<Bool>(false)

    init(
        context: ExchangeContext, plan: RouteTable.Plan, gateway: Gateway, eventLoop: any EventLoop, writer: any ResponseWriter,
        build: @escaping @Sendable (RouteTable.Target) throws -> OutboundRequest
    ) {
        self.context = context
        self.plan = plan
        self.gateway = gateway
        self.eventLoop = eventLoop
        self.build = build
        self.loop = NIOLoopBound(LoopSide(writer: writer, target: plan.targets[0]), eventLoop: eventLoop)
    }

    /// Called on the event loop: starts the first attempt.
    func start() {
        startAttempt(targetIndex: 0, previousFailure: nil)
    }

    // MARK: ExchangeHandle (event loop)

    func clientDidDisconnect() {
        let state = loop.value
        guard !state.finished, !state.clientGone else { return }
        state.clientGone = true
        if let backoff = state.backoff {
            // Between attempts: nothing upstream to cancel, so finish here.
            backoff.cancel()
            state.backoff = nil
            finish(status: 499, timings: UpstreamTimings(), finishedAt: MonotonicClock.now(), head: nil, error: "client disconnected", cancelled: true)
            return
        }
        state.transfer?.cancel()
    }

    func clientBecameWritable() {
        if clientBackpressure.exchange(false, ordering: .relaxed) {
            loop.value.transfer?.resume()
        }
    }

    // MARK: UpstreamResponseDelegate (upstream thread)

    func upstreamDidReceiveHead(_ head: UpstreamResponseHead) {
        upstreamSide.head = head
        upstreamSide.relaying = context.stream && (200..<300).contains(head.status)
    }

    func upstreamDidReceiveBodyPart(_ bytes: ByteBuffer) -> UpstreamFlow {
        if upstreamSide.relaying {
            let stamp = MonotonicClock.now()
            let head = upstreamSide.head
            eventLoop.execute { self.relay(bytes, head: head, receivedAt: stamp) }
            return clientBackpressure.load(ordering: .relaxed) ? .pause : .proceed
        }
        upstreamSide.body.writeImmutableBuffer(bytes)
        return .proceed
    }

    func upstreamDidFinish(_ timings: UpstreamTimings) {
        let stamp = MonotonicClock.now()
        let head = upstreamSide.head
        let body = upstreamSide.body
        let relayed = upstreamSide.relaying
        upstreamSide.reset()
        eventLoop.execute { self.complete(head: head, body: body, relayed: relayed, timings: timings, finishedAt: stamp) }
    }

    func upstreamDidFail(_ error: UpstreamError, _ timings: UpstreamTimings) {
        let head = upstreamSide.head
        upstreamSide.reset()
        eventLoop.execute { self.fail(error, head: head, timings: timings) }
    }

    // MARK: Attempts (event loop)

    /// Starts an attempt on the first target from `targetIndex` on whose breaker admits it
    /// (`key`: use this provider key instead of the planned one).
    private func startAttempt(targetIndex: Int, previousFailure: String?, key: ProviderKeyConfig? = nil) {
        let state = loop.value
        guard !state.finished, !state.clientGone else { return }
        let now = MonotonicClock.now()
        if let deadline = context.deadline, now >= deadline {
            let error = GatewayError.upstreamTimeout(
                provider: state.target.provider.id, reason: "the request's deadline passed after \(state.attempts) attempt\(state.attempts == 1 ? "" : "s")")
            respondWithError(error, timings: state.lastTimings ?? UpstreamTimings(), finishedAt: now, head: nil)
            return
        }
        var index = targetIndex
        while index < plan.targets.count {
            var target = plan.targets[index]
            if index == targetIndex, let key { target.key = key }
            let (admission, transition) = gateway.health.begin(target.healthKey, nowNs: now, force: plan.ignoresBreakers)
            if let transition { publishBreaker(transition, target: target) }
            if case .reject = admission {
                index += 1
                continue
            }
            var outbound: OutboundRequest
            do {
                outbound = try build(target)
            } catch {
                _ = gateway.health.end(target.healthKey, success: nil, firstByteNs: nil, nowNs: now)
                // A request this provider cannot express (e.g. an image URL where it takes only
                // inline images) is the client's to change; anything else is Signalbox's fault.
                let failure =
                    error as? GatewayError ?? .internalError("Could not build the request for provider '\(target.provider.id)'.")
                respondWithError(failure, timings: UpstreamTimings(), finishedAt: now, head: nil)
                return
            }
            if state.attempts > 0, let previousFailure, target.healthKey != state.target.healthKey {
                gateway.bus.publish(
                    .failover(
                        Failover(
                            requestID: context.id, timestampMs: MonotonicClock.wallMilliseconds(), fromProvider: state.target.provider.id,
                            fromModel: state.target.model, toProvider: target.provider.id, toModel: target.model, reason: previousFailure,
                            attempt: state.attempts + 1)))
            }
            if let deadline = context.deadline {
                // The attempt may use what is left of the request's deadline, and no more.
                let remainingMs = max(1, Int((deadline - now) / 1_000_000))
                outbound.timeouts.totalMs = outbound.timeouts.totalMs > 0 ? min(outbound.timeouts.totalMs, remainingMs) : remainingMs
            }
            state.target = target
            state.targetIndex = index
            state.translator = context.stream ? target.adapter.makeStreamTranslator(model: target.model) : nil
            state.assembler = context.stream && (context.cacheWrite != nil || context.semanticWrite != nil) ? ChatCompletionStreamAssembler() : nil
            state.translationFailure = nil
            state.attempts += 1
            state.attemptStartedAt = now
            state.transfer = gateway.upstream.execute(outbound, delegate: self)
            return
        }
        // Every remaining target's breaker refused.
        let error =
            state.lastError
            ?? .providerUnavailable("No provider can take model '\(context.requestedModel)' now: circuit open. Try again later.", retryAfter: 5)
        respondWithError(error, timings: state.lastTimings ?? UpstreamTimings(), finishedAt: now, head: nil)
    }

    /// Decides what follows a failed attempt. Returns true when another attempt was started or
    /// scheduled; false when the failure is the answer.
    private func retryAfterFailure(_ error: GatewayError, retryable: Bool, timings: UpstreamTimings, head: UpstreamResponseHead?) -> Bool {
        let state = loop.value
        let now = MonotonicClock.now()
        let target = state.target
        state.previousAttemptsNs += now - min(now, state.attemptStartedAt)
        state.attemptRecords.append(
            AttemptRecord(
                provider: target.provider.id, model: target.model, keyID: target.key?.id, status: head?.status, failure: error.message,
                elapsedMs: Double(now - min(now, state.attemptStartedAt)) / 1_000_000))
        if let transition = gateway.health.end(target.healthKey, success: retryable ? false : true, firstByteNs: nil, nowNs: now) {
            publishBreaker(transition, target: target)
        }
        publishAttemptFailure(status: head?.status, reason: Self.classify(error), timings: timings)
        state.lastError = error
        state.lastTimings = timings
        // A provider that rejects one of its keys (401/403) may accept another: that key is left out
        // for a breaker cooldown, and the provider's next key is tried.
        // An exhausted quota (429 `insufficient_quota`) will not come back within a backoff either.
        let keyRejected =
            (head?.status == 401 || head?.status == 403 || (head?.status == 429 && error.codeName == "insufficient_quota")) && target.key != nil
        if keyRejected, let key = target.key {
            let cooldownMs = gateway.health.cooldownNs / 1_000_000
            gateway.routes.states.suspend(provider: target.provider.id, key: key.id, untilMs: MonotonicClock.wallMilliseconds() + cooldownMs)
            gateway.logger.warning(
                "provider rejected a key; it is left out for the breaker cooldown",
                metadata: ["provider": "\(target.provider.id)", "key": "\(key.id)", "status": "\(head?.status ?? 0)"])
        }
        guard retryable || keyRejected, !state.clientGone, state.attempts < context.maxAttempts else { return false }
        guard gateway.health.acquireRetry(nowNs: now) else { return false }
        // Rate limited or rejected on one key: the same provider with its next key comes first.
        if head?.status == 429 || keyRejected, let key = target.key {
            state.triedKeys[target.provider.id, default: []].insert(key.id)
            let tried = state.triedKeys[target.provider.id] ?? []
            if let other = gateway.routes.states.alternateKey(of: target.provider.id, excluding: tried) {
                startAttempt(targetIndex: state.targetIndex, previousFailure: error.message, key: other)
                return true
            }
        }
        guard retryable else { return false }
        let next = state.targetIndex + 1
        if next < plan.targets.count {
            startAttempt(targetIndex: next, previousFailure: error.message)
            return true
        }
        // The key was refused and no other key is left: the same target would refuse it again.
        if keyRejected { return false }
        // The last target failed: try it again after a backoff (with the key this attempt used, not
        // the planned one, which may have been refused since), unless the provider asks for a
        // longer pause than Signalbox would wait.
        let retries = gateway.retries
        let exponential = min(Double(retries.maxBackoffMs), Double(retries.backoffMs) * pow(2, Double(state.attempts - 1)))
        var delayMs = exponential / 2 + FastRandom.unit() * (exponential / 2)
        if let retryAfter = error.retryAfter {
            guard retryAfter * 1_000 <= retries.maxBackoffMs else { return false }
            delayMs = max(delayMs, Double(retryAfter * 1_000))
        }
        if let deadline = context.deadline, now + UInt64(delayMs * 1_000_000) >= deadline { return false }
        let index = state.targetIndex
        let reason = error.message
        let retryKey = target.key
        let delayNs = UInt64(delayMs * 1_000_000)
        state.transfer = nil
        state.backoff = eventLoop.scheduleTask(in: .nanoseconds(Int64(delayNs))) {
            self.loop.value.backoff = nil
            self.loop.value.previousAttemptsNs += delayNs
            self.startAttempt(targetIndex: index, previousFailure: reason, key: retryKey)
        }
        return true
    }

    // MARK: Event-loop side

    private func relay(_ bytes: ByteBuffer, head: UpstreamResponseHead?, receivedAt: UInt64) {
        let state = loop.value
        guard !state.finished, !state.clientGone, state.translationFailure == nil else { return }
        guard state.translator != nil else {
            relayCanonical(bytes, head: head, receivedAt: receivedAt)
            return
        }
        do {
            let chunks = try state.translator?.consume(Array(bytes.readableBytesView)) ?? []
            guard !chunks.isEmpty else { return }
            relayCanonical(try Self.sse(chunks), head: head, receivedAt: receivedAt)
        } catch {
            translationFailed(error)
        }
    }

    /// The provider's stream could not be translated, or it reported an error inside the stream:
    /// stop the transfer; its failure callback then answers with `translationFailure`.
    private func translationFailed(_ error: any Error) {
        let state = loop.value
        state.translationFailure =
            error as? GatewayError
            ?? .upstreamUnavailable(provider: state.target.provider.id, reason: "its stream could not be read (\(error))")
        state.translator = nil
        state.transfer?.cancel()
    }

    /// Canonical chunks as SSE events.
    static func sse(_ chunks: [ChatCompletionChunk]) throws -> ByteBuffer {
        var out = ByteBuffer()
        for chunk in chunks {
            out.writeString("data: ")
            out.writeBytes(try SharedJSONCoders.encoder.encode(chunk))
            out.writeString("\n\n")
        }
        return out
    }

    /// `"usage"`: only chunks that mention it are decoded for their usage.
    private static let usageKey = Array(#""usage""#.utf8)

    /// Relays canonical SSE bytes: usage is noted (and the usage chunk Signalbox asked for on the
    /// client's behalf removed), the head goes out with the first event.
    private func relayCanonical(_ bytes: ByteBuffer, head: UpstreamResponseHead?, receivedAt: UInt64) {
        let state = loop.value
        let events = state.splitter.append(bytes)
        guard !events.isEmpty else { return }
        var out = ByteBuffer()
        out.reserveCapacity(bytes.readableBytes)
        for event in events {
            if let data = event.data, data.readableBytes > 0 {
                if data.readableBytesView.elementsEqual("[DONE]".utf8) {
                    out.writeImmutableBuffer(event.raw)
                    continue
                }
                if state.assembler != nil, let chunk = try? data.decodeJSON(ChatCompletionChunk.self) {
                    state.assembler?.add(chunk)
                }
                if data.containsBytes(Self.usageKey),
                    let probe = try? data.decodeJSON(ChunkProbe.self),
                    let usage = probe.usage
                {
                    state.usage = usage
                    if context.injectedUsageChunk, probe.choices?.isEmpty ?? true { continue }
                }
                state.chunks += 1
            }
            out.writeImmutableBuffer(event.raw)
        }
        guard out.readableBytes > 0 else { return }
        if !state.headSent {
            state.headSent = true
            let overhead = (context.submittedAt - context.receivedAt) + (MonotonicClock.now() - receivedAt)
            let contentType = state.translator == nil ? head?.headers.first("content-type") : nil
            var headers = [
                HTTPField("Content-Type", contentType ?? "text/event-stream"),
                HTTPField("Cache-Control", "no-cache"),
            ]
            headers.append(contentsOf: passthroughHeaders(head))
            headers.append(contentsOf: signalboxHeaders(overheadNs: overhead))
            state.writer.writeStreamHead(status: head?.status ?? 200, headers: headers)
            state.sentHeaders = headers
        }
        state.capture(out, cap: gateway.recorder.bodyCap)
        if !state.writer.writeStreamPart(out) {
            clientBackpressure.store(true, ordering: .relaxed)
        }
        let written = MonotonicClock.now()
        if written > receivedAt { state.longestChunkRelay = max(state.longestChunkRelay, written - receivedAt) }
    }

    private func complete(head: UpstreamResponseHead?, body: ByteBuffer, relayed: Bool, timings: UpstreamTimings, finishedAt: UInt64) {
        let state = loop.value
        guard !state.finished else { return }
        let status = head?.status ?? 502
        if state.clientGone {
            endAttempt(success: nil, timings: timings)
            finish(status: 499, timings: timings, finishedAt: finishedAt, head: head, error: "client disconnected", cancelled: true)
            return
        }
        if let failure = state.translationFailure {
            failTranslation(failure, head: head, timings: timings, at: finishedAt)
            return
        }
        if relayed, state.translator != nil {
            // The provider's stream ended: the translator owes its last chunks, then `[DONE]`.
            do {
                var rest = try Self.sse(state.translator?.finish() ?? [])
                rest.writeString("data: [DONE]\n\n")
                relayCanonical(rest, head: head, receivedAt: finishedAt)
                state.translator = nil
            } catch {
                translationFailed(error)
                failTranslation(state.translationFailure!, head: head, timings: timings, at: finishedAt)
                return
            }
        }
        if relayed {
            if !state.headSent {
                // A 2xx stream with no complete event: answer with what arrived.
                state.headSent = true
                var headers = [HTTPField("Content-Type", "text/event-stream")]
                headers.append(contentsOf: signalboxHeaders(overheadNs: 0))
                state.writer.writeStreamHead(status: status, headers: headers)
                state.sentHeaders = headers
            }
            if let rest = state.splitter.flush() {
                state.capture(rest, cap: gateway.recorder.bodyCap)
                _ = state.writer.writeStreamPart(rest)
            }
            if (200..<300).contains(status) { storeInCache(body: nil) }
            reportUsage(status: status)
            state.writer.endStream()
            endAttempt(success: true, timings: timings)
            finish(status: status, timings: timings, finishedAt: finishedAt, head: head, error: nil)
            return
        }
        guard let head, (200..<300).contains(head.status) else {
            let error = state.target.adapter.error(status: status, headers: head?.headers ?? [], body: Array(body.readableBytesView))
            if retryAfterFailure(error, retryable: Self.isRetryable(status: status), timings: timings, head: head) { return }
            respondWithError(error, timings: timings, finishedAt: finishedAt, head: head)
            return
        }
        // A provider with its own format: the answer is translated into the canonical one.
        var body = body
        var translatedUsage: Usage??
        do {
            if let translated = try translate(body, target: state.target) {
                body = translated.body
                translatedUsage = .some(translated.usage)
            }
        } catch {
            let failure =
                error as? GatewayError
                ?? .upstreamUnavailable(provider: state.target.provider.id, reason: "its answer could not be read (\(error))")
            if retryAfterFailure(failure, retryable: false, timings: timings, head: head) { return }
            respondWithError(failure, timings: timings, finishedAt: finishedAt, head: head)
            return
        }
        // With a known price the usage is read before the head is written, for `x-signalbox-cost-usd`
        // (and counted in the overhead); without one it only feeds the finish event, and is read after
        // the client has its answer, so the decode is not part of the request's latency.
        let price = state.target.price
        let reporting = gateway.reportsUsage
        if price != nil || reporting { state.usage = Self.usage(of: body, translated: translatedUsage) }
        var stage = stageTimings(timings, finishedAt: finishedAt)
        let contentType = translatedUsage == nil ? head.headers.first("content-type") : nil
        var headers = [HTTPField("Content-Type", contentType ?? "application/json")]
        headers.append(contentsOf: passthroughHeaders(head))
        headers.append(contentsOf: signalboxHeaders(overheadNs: stage.overhead))
        if price != nil, let cost = cost() {
            headers.append(HTTPField("x-signalbox-cost-usd", cost.text))
        }
        if reporting { reportUsage(status: head.status) }
        state.writer.writeResponse(status: head.status, headers: headers, body: body)
        stage.total = MonotonicClock.now() - context.receivedAt
        if price == nil, !reporting { state.usage = Self.usage(of: body, translated: translatedUsage) }
        if context.endpoint != .embeddings { storeInCache(body: body) }
        state.sentHeaders = headers
        state.sentBody = body
        state.sentLength = body.readableBytes
        endAttempt(success: true, timings: timings)
        record(status: head.status, stage: stage, head: head, error: nil, cancelled: false)
    }

    private func fail(_ error: UpstreamError, head: UpstreamResponseHead?, timings: UpstreamTimings) {
        let state = loop.value
        guard !state.finished else { return }
        let now = MonotonicClock.now()
        if state.clientGone {
            endAttempt(success: nil, timings: timings)
            finish(status: 499, timings: timings, finishedAt: now, head: head, error: "client disconnected", cancelled: true)
            return
        }
        if let failure = state.translationFailure {
            failTranslation(failure, head: head, timings: timings, at: now)
            return
        }
        let provider = state.target.provider.id
        let gatewayError: GatewayError =
            error.isTimeout ? .upstreamTimeout(provider: provider, reason: error.message) : .upstreamUnavailable(provider: provider, reason: error.message)
        if state.headSent {
            // Bytes already reached the client: end the stream with an error event the SDKs raise.
            endAttempt(success: false, timings: timings)
            publishAttemptFailure(status: nil, reason: error.description, timings: timings)
            endStream(with: gatewayError)
            finish(status: gatewayError.status, timings: timings, finishedAt: now, head: head, error: gatewayError.message)
            return
        }
        if retryAfterFailure(gatewayError, retryable: error.kind != .cancelled, timings: timings, head: head) { return }
        respondWithError(gatewayError, timings: timings, finishedAt: now, head: head)
    }

    /// Answers a stream whose translation failed (or that carried the provider's error): before
    /// the first byte reached the client it is an ordinary failed attempt, after it the stream
    /// ends with an error event.
    private func failTranslation(_ failure: GatewayError, head: UpstreamResponseHead?, timings: UpstreamTimings, at now: UInt64) {
        let state = loop.value
        state.translationFailure = nil
        if state.headSent {
            endAttempt(success: false, timings: timings)
            publishAttemptFailure(status: failure.status, reason: failure.message, timings: timings)
            endStream(with: failure)
            finish(status: failure.status, timings: timings, finishedAt: now, head: head, error: failure.message)
            return
        }
        if retryAfterFailure(failure, retryable: Self.isRetryable(status: failure.status), timings: timings, head: head) { return }
        respondWithError(failure, timings: timings, finishedAt: now, head: head)
    }

    /// Ends a stream that already reached the client with an error event the SDKs raise.
    private func endStream(with error: GatewayError) {
        let state = loop.value
        var event = ByteBuffer(string: "data: ")
        event.writeImmutableBuffer(ErrorResponse.body(for: error))
        event.writeString("\n\n")
        state.capture(event, cap: gateway.recorder.bodyCap)
        _ = state.writer.writeStreamPart(event)
        reportUsage(status: error.status)
        state.writer.endStream()
    }

    /// The usage of a non-streamed answer: the translated one for providers with their own format,
    /// else read from the canonical body.
    private static func usage(of body: ByteBuffer, translated: Usage??) -> Usage? {
        if let translated { return translated }
        return try? body.decodeJSON(UsageProbe.self).usage
    }

    /// The answer in the canonical format when the target's provider has its own; nil when the
    /// body is already canonical.
    private func translate(_ body: ByteBuffer, target: RouteTable.Target) throws -> (body: ByteBuffer, usage: Usage?)? {
        let bytes = Array(body.readableBytesView)
        if context.endpoint == .embeddings {
            guard let response = try target.adapter.embeddingsResponse(body: bytes, model: target.model) else { return nil }
            return (ByteBuffer(bytes: try SharedJSONCoders.encoder.encode(response)), response.usage)
        }
        guard let response = try target.adapter.chatCompletionResponse(body: bytes, model: target.model) else { return nil }
        return (ByteBuffer(bytes: try SharedJSONCoders.encoder.encode(response)), response.usage)
    }

    /// The attempt's failure as events show it, with the kinds that are never retried named.
    static func classify(_ error: GatewayError) -> String {
        let code = error.codeName ?? ""
        if code.contains("context_length") { return "context length exceeded (not retried): " + error.message }
        if code.contains("content_policy") || code.contains("content_filter") { return "content policy (not retried): " + error.message }
        return error.message
    }

    /// Connect errors, timeouts, 408, 429 and 5xx may succeed elsewhere or later; anything else
    /// (400, 401, 403, 404, 413, 422: bad request, bad key, context length, content policy) would
    /// fail the same way again.
    static func isRetryable(status: Int) -> Bool {
        status == 408 || status == 429 || (500...599).contains(status)
    }

    private func respondWithError(_ error: GatewayError, timings: UpstreamTimings, finishedAt: UInt64, head: UpstreamResponseHead?) {
        let state = loop.value
        let stage = stageTimings(timings, finishedAt: finishedAt)
        let headers = ErrorResponse.headers(for: error, adding: signalboxHeaders(overheadNs: stage.overhead))
        let body = ErrorResponse.body(for: error)
        reportUsage(status: error.status)
        state.writer.writeResponse(status: error.status, headers: headers, body: body)
        state.sentHeaders = headers
        state.sentBody = body
        state.sentLength = body.readableBytes
        finish(status: error.status, timings: timings, finishedAt: finishedAt, head: head, error: error.message)
    }

    /// The current attempt is over without a retry decision: tell the target's health.
    private func endAttempt(success: Bool?, timings: UpstreamTimings) {
        let state = loop.value
        let now = MonotonicClock.now()
        if let transition = gateway.health.end(
            state.target.healthKey, success: success, firstByteNs: timings.connect + timings.firstByte, nowNs: now)
        {
            publishBreaker(transition, target: state.target)
        }
    }

    private func finish(
        status: Int, timings: UpstreamTimings, finishedAt: UInt64, head: UpstreamResponseHead?, error: String?, cancelled: Bool = false
    ) {
        var stage = stageTimings(timings, finishedAt: finishedAt)
        stage.total = MonotonicClock.now() - context.receivedAt
        record(status: status, stage: stage, head: head, error: error, cancelled: cancelled)
    }

    private func record(status: Int, stage: StageTimings, head: UpstreamResponseHead?, error: String?, cancelled: Bool) {
        let state = loop.value
        guard !state.finished else { return }
        reportUsage(status: status)
        state.finished = true
        state.transfer = nil
        let target = state.target
        var event = RequestFinished(
            id: context.id, timestampMs: MonotonicClock.wallMilliseconds(), endpoint: context.endpoint,
            requestedModel: context.requestedModel, provider: target.provider.id, model: target.model, stream: context.stream,
            status: status, attempts: state.attempts, usage: state.usage, timings: stage,
            providerRequestID: head?.headers.first(target.adapter.requestIDHeader), errorMessage: error, chunks: state.chunks,
            clientCancelled: cancelled, routeReason: plan.reason,
            costUSD: cost()?.usd, costMicros: cost()?.micros, virtualKeyID: context.virtualKeyID)
        event.cache = context.cacheStatus
        var attempts = state.attemptRecords
        if attempts.count < state.attempts {
            let upstreamFailed = head.map { !(200..<300).contains($0.status) } ?? true
            attempts.append(
                AttemptRecord(
                    provider: target.provider.id, model: target.model, keyID: target.key?.id, status: head?.status,
                    failure: upstreamFailed ? (error ?? "no response") : nil,
                    elapsedMs: Double(stage.upstreamQueue + stage.upstreamConnect + stage.upstreamFirstByte + stage.upstreamTransfer) / 1_000_000))
        }
        gateway.exchangeDidFinish(
            event, context: context,
            response: RecordedResponse(headers: state.sentHeaders, body: state.sentBody, bodyLength: state.sentLength, attempts: attempts),
            costMicros: cost()?.micros)
    }

    private func publishAttemptFailure(status: Int?, reason: String, timings: UpstreamTimings) {
        let state = loop.value
        let elapsed = MonotonicClock.now() - min(MonotonicClock.now(), state.attemptStartedAt)
        gateway.bus.publish(
            .attemptFailed(
                AttemptFailed(
                    requestID: context.id, timestampMs: MonotonicClock.wallMilliseconds(), provider: state.target.provider.id,
                    model: state.target.model, attempt: state.attempts, status: status, reason: reason, elapsedMs: Double(elapsed) / 1_000_000)))
    }

    private func publishBreaker(_ transition: CircuitBreaker.Transition, target: RouteTable.Target) {
        gateway.publishBreakerChange(provider: target.provider.id, model: target.model, transition)
    }

    private func stageTimings(_ timings: UpstreamTimings, finishedAt: UInt64) -> StageTimings {
        var stage = StageTimings()
        stage.parse = context.parsedAt - context.receivedAt
        stage.route = context.submittedAt - context.parsedAt
        stage.upstreamQueue = timings.queued
        stage.upstreamConnect = timings.connect
        stage.upstreamFirstByte = timings.firstByte
        stage.upstreamTransfer = timings.transfer
        stage.previousAttempts = loop.value.previousAttemptsNs
        stage.longestChunkRelay = loop.value.longestChunkRelay
        let now = MonotonicClock.now()
        stage.encode = now > finishedAt ? now - finishedAt : 0
        stage.total = now - context.receivedAt
        return stage
    }

    /// The cost of the usage so far at the current target's price, computed once the usage is
    /// known (exact `Decimal` dollars for clients and events, whole micro-dollars for the store).
    private func cost() -> (usd: Decimal, text: String, micros: Int64)? {
        let state = loop.value
        if let cached = state.cost { return cached }
        guard let usage = state.usage, let price = state.target.price, let rates = state.target.rates else { return nil }
        let usd = rates.usd(usage) ?? Cost(price: price, usage: usage).total
        let cost = (usd, rates.usdText(usage) ?? "\(usd)", rates.micros(usage))
        state.cost = .some(cost)
        return cost
    }

    /// Reports the request's usage to the store, once, before the answer's last bytes are written.
    private func reportUsage(status: Int) {
        let state = loop.value
        guard !state.usageReported else { return }
        state.usageReported = true
        let target = state.target
        gateway.report(
            UsageReport(
                id: context.id, timestampMs: MonotonicClock.wallMilliseconds(), virtualKeyID: context.virtualKeyID,
                route: context.requestedModel, provider: target.provider.id, model: target.model, status: status, usage: state.usage,
                costUSD: cost()?.usd, costMicros: cost()?.micros))
    }

    private func signalboxHeaders(overheadNs: UInt64) -> [HTTPField] {
        let state = loop.value
        return Gateway.signalboxHeaders(
            id: context.id, provider: state.target.provider.id, model: state.target.model, attempts: max(1, state.attempts), overheadNs: overheadNs,
            cache: context.cacheStatus)
            + context.admission.headers
    }

    /// A successful answer of a cacheable request goes into the exact cache: the canonical body,
    /// or for a stream the answer its chunks add up to.
    private func storeInCache(body: ByteBuffer?) {
        guard context.cacheWrite != nil || context.semanticWrite != nil else { return }
        let state = loop.value
        let bytes: [UInt8]
        if let body {
            bytes = Array(body.readableBytesView)
        } else if let answer = state.assembler?.response, let encoded = try? SharedJSONCoders.encoder.encode(answer) {
            bytes = Array(encoded)
        } else {
            return
        }
        let now = Int64(MonotonicClock.wallMilliseconds())
        let namespace = context.cacheWrite?.namespace ?? context.semanticWrite?.namespace ?? .shared
        let ttlMs = context.cacheWrite?.ttlMs ?? context.semanticWrite?.ttlMs ?? 0
        let entry = ExactCache.Entry(
            body: bytes, usage: state.usage, route: context.requestedModel, provider: state.target.provider.id, model: state.target.model,
            namespace: namespace, createdMs: now, expiresMs: now + ttlMs)
        if let write = context.cacheWrite, let cache = gateway.exactCache {
            cache.store(write.key, entry)
            gateway.cacheSaved(write.key, entry)
        }
        if let semantic = context.semanticWrite { gateway.semanticCache?.insert(semantic.vector, partition: semantic.partition, entry: entry) }
    }

    /// Provider headers worth passing on: its request id (the SDKs expose it) and processing time.
    private func passthroughHeaders(_ head: UpstreamResponseHead?) -> [HTTPField] {
        guard let head else { return [] }
        var fields: [HTTPField] = []
        if let requestID = head.headers.first(loop.value.target.adapter.requestIDHeader) { fields.append(HTTPField("x-request-id", requestID)) }
        if let processing = head.headers.first("openai-processing-ms") { fields.append(HTTPField("openai-processing-ms", processing)) }
        return fields
    }
}

extension ProxyExchange {
    /// State owned by the client's event loop.
    final class LoopSide {
        let writer: any ResponseWriter
        var transfer: (any UpstreamTransfer)?
        /// The target of the current (or last) attempt and its place in the plan.
        var target: RouteTable.Target
        var targetIndex = 0
        var attempts = 0
        var attemptStartedAt: UInt64 = 0
        /// Time spent on failed attempts and backoffs before the current attempt.
        var previousAttemptsNs: UInt64 = 0
        var attemptRecords: [AttemptRecord] = []
        /// Keys (by provider) that answered 429, 401 or 403 in this request.
        var triedKeys: [String: Set<String>] = [:]
        var lastError: GatewayError?
        var lastTimings: UpstreamTimings?
        /// A retry waiting for its backoff to pass.
        var backoff: Scheduled<Void>?
        var splitter = SSEEventSplitter()
        /// Turns the current attempt's stream into canonical chunks (providers with their own format).
        var translator: (any ProviderStreamTranslator)?
        /// Adds up a cacheable stream's chunks into the answer the exact cache stores.
        var assembler: ChatCompletionStreamAssembler?
        /// Why the current attempt's stream was stopped by Signalbox (translation error or an
        /// error the provider reported inside its stream).
        var translationFailure: GatewayError?
        var headSent = false
        var finished = false
        var clientGone = false
        var usage: Usage?
        /// The usage report went out (once per exchange).
        var usageReported = false
        /// The cost of `usage` at the target's price, computed once (nil until asked for).
        var cost: (usd: Decimal, text: String, micros: Int64)??
        var chunks = 0
        /// The longest a relayed chunk spent in Signalbox, from arriving on the upstream thread
        /// to being written to the client (ns).
        var longestChunkRelay: UInt64 = 0
        /// What reached the client, for the request record (streams: up to the recorder's cap).
        var sentHeaders: [HTTPField] = []
        var sentBody = ByteBuffer()
        var sentLength = 0

        init(writer: any ResponseWriter, target: RouteTable.Target) {
            self.writer = writer
            self.target = target
        }

        /// Keeps streamed bytes for the request record until `cap` bytes are kept.
        func capture(_ part: ByteBuffer, cap: Int) {
            sentLength += part.readableBytes
            let room = cap - sentBody.readableBytes
            guard room > 0 else { return }
            if part.readableBytes <= room {
                sentBody.writeImmutableBuffer(part)
            } else if let head = part.getSlice(at: part.readerIndex, length: room) {
                sentBody.writeImmutableBuffer(head)
            }
        }
    }

    /// State owned by the upstream thread. `@unchecked Sendable` is sound because the
    /// `UpstreamResponseDelegate` contract delivers every callback of one transfer serially on
    /// the upstream thread, and only those callbacks touch these fields; a retry starts its
    /// transfer only after the previous one delivered its last callback (and `reset`); values
    /// leave this object by copy inside the closures passed to the event loop.
    final class UpstreamSide: @unchecked Sendable {
        var head: UpstreamResponseHead?
        var body = ByteBuffer()
        var relaying = false

        func reset() {
            head = nil
            body = ByteBuffer()
            relaying = false
        }
    }
}
