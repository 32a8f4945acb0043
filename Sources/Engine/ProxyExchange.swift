import Foundation
import NIOCore
import Providers
import SignalboxCore
import Synchronization
import Upstream

/// One proxied request from the moment it is handed to the upstream client until the client has
/// its answer. State is split by owner: `UpstreamSide` is touched only on the upstream thread
/// (the delegate contract guarantees serial calls there), `LoopSide` only on the client's event
/// loop (enforced by `NIOLoopBound`). The upstream thread reaches the loop with one `execute`
/// per completed response or per relayed stream part.
final class ProxyExchange: UpstreamResponseDelegate, ExchangeHandle {
    let context: ExchangeContext
    private let gateway: Gateway
    private let eventLoop: any EventLoop
    private let loop: NIOLoopBound<LoopSide>
    private let upstreamSide = UpstreamSide()
    /// Set by the loop when the client's socket is full; read by the upstream thread to pause.
    private let clientBackpressure = Atomic<Bool>(false)

    init(context: ExchangeContext, gateway: Gateway, eventLoop: any EventLoop, writer: any ResponseWriter) {
        self.context = context
        self.gateway = gateway
        self.eventLoop = eventLoop
        self.loop = NIOLoopBound(LoopSide(writer: writer), eventLoop: eventLoop)
    }

    /// Called on the event loop.
    func start(_ outbound: OutboundRequest) {
        let transfer = gateway.upstream.execute(outbound, delegate: self)
        loop.value.transfer = transfer
    }

    // MARK: ExchangeHandle (event loop)

    func clientDidDisconnect() {
        let state = loop.value
        guard !state.finished, !state.clientGone else { return }
        state.clientGone = true
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
        upstreamSide.body = ByteBuffer()
        eventLoop.execute { self.complete(head: head, body: body, relayed: relayed, timings: timings, finishedAt: stamp) }
    }

    func upstreamDidFail(_ error: UpstreamError, _ timings: UpstreamTimings) {
        let head = upstreamSide.head
        eventLoop.execute { self.fail(error, head: head, timings: timings) }
    }

    // MARK: Event-loop side

    private func relay(_ bytes: ByteBuffer, head: UpstreamResponseHead?, receivedAt: UInt64) {
        let state = loop.value
        guard !state.finished, !state.clientGone else { return }
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
                if data.readableBytesView.firstRange(of: "\"usage\"".utf8) != nil,
                    let probe = try? SharedJSONCoders.decoder.decode(ChunkProbe.self, from: Data(data.readableBytesView)),
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
            var headers = [
                HTTPField("Content-Type", head?.headers.first("content-type") ?? "text/event-stream"),
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
    }

    private func complete(head: UpstreamResponseHead?, body: ByteBuffer, relayed: Bool, timings: UpstreamTimings, finishedAt: UInt64) {
        let state = loop.value
        guard !state.finished else { return }
        let status = head?.status ?? 502
        if state.clientGone {
            finish(status: 499, timings: timings, finishedAt: finishedAt, head: head, error: "client disconnected", cancelled: true)
            return
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
            state.writer.endStream()
            finish(status: status, timings: timings, finishedAt: finishedAt, head: head, error: nil)
            return
        }
        guard let head, (200..<300).contains(head.status) else {
            let error = context.adapter.error(status: status, headers: head?.headers ?? [], body: Array(body.readableBytesView))
            publishAttemptFailure(status: status, reason: error.message, timings: timings)
            respondWithError(error, timings: timings, finishedAt: finishedAt, head: head)
            return
        }
        var stage = stageTimings(timings, finishedAt: finishedAt)
        var headers = [HTTPField("Content-Type", head.headers.first("content-type") ?? "application/json")]
        headers.append(contentsOf: passthroughHeaders(head))
        headers.append(contentsOf: signalboxHeaders(overheadNs: stage.overhead))
        state.writer.writeResponse(status: head.status, headers: headers, body: body)
        stage.total = MonotonicClock.now() - context.receivedAt
        // Usage only feeds the finish event (and accounting): it is read after the client has its
        // answer, so the decode is not part of the request's latency.
        state.usage = try? SharedJSONCoders.decoder.decode(UsageProbe.self, from: Data(body.readableBytesView)).usage
        state.sentHeaders = headers
        state.sentBody = body
        state.sentLength = body.readableBytes
        record(status: head.status, stage: stage, head: head, error: nil, cancelled: false)
    }

    private func fail(_ error: UpstreamError, head: UpstreamResponseHead?, timings: UpstreamTimings) {
        let state = loop.value
        guard !state.finished else { return }
        let now = MonotonicClock.now()
        if state.clientGone {
            finish(status: 499, timings: timings, finishedAt: now, head: head, error: "client disconnected", cancelled: true)
            return
        }
        let gatewayError: GatewayError =
            error.isTimeout
            ? .upstreamTimeout(provider: context.providerID, reason: error.message)
            : .upstreamUnavailable(provider: context.providerID, reason: error.message)
        publishAttemptFailure(status: nil, reason: error.description, timings: timings)
        if state.headSent {
            // Bytes already reached the client: end the stream with an error event the SDKs raise.
            var event = ByteBuffer(string: "data: ")
            event.writeImmutableBuffer(ErrorResponse.body(for: gatewayError))
            event.writeString("\n\n")
            state.capture(event, cap: gateway.recorder.bodyCap)
            _ = state.writer.writeStreamPart(event)
            state.writer.endStream()
            finish(status: gatewayError.status, timings: timings, finishedAt: now, head: head, error: gatewayError.message)
            return
        }
        respondWithError(gatewayError, timings: timings, finishedAt: now, head: head)
    }

    private func respondWithError(_ error: GatewayError, timings: UpstreamTimings, finishedAt: UInt64, head: UpstreamResponseHead?) {
        let state = loop.value
        let stage = stageTimings(timings, finishedAt: finishedAt)
        let headers = ErrorResponse.headers(for: error, adding: signalboxHeaders(overheadNs: stage.overhead))
        let body = ErrorResponse.body(for: error)
        state.writer.writeResponse(status: error.status, headers: headers, body: body)
        state.sentHeaders = headers
        state.sentBody = body
        state.sentLength = body.readableBytes
        finish(status: error.status, timings: timings, finishedAt: finishedAt, head: head, error: error.message)
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
        state.finished = true
        state.transfer = nil
        let event = RequestFinished(
            id: context.id, timestampMs: MonotonicClock.wallMilliseconds(), endpoint: context.endpoint,
            requestedModel: context.requestedModel, provider: context.providerID, model: context.model, stream: context.stream,
            status: status, attempts: 1, usage: state.usage, timings: stage,
            providerRequestID: head?.headers.first(context.adapter.requestIDHeader), errorMessage: error, chunks: state.chunks,
            clientCancelled: cancelled)
        let upstreamFailed = head.map { !(200..<300).contains($0.status) } ?? true
        let attempt = AttemptRecord(
            provider: context.providerID, model: context.model, keyID: context.keyID, status: head?.status,
            failure: upstreamFailed ? (error ?? "no response") : nil, elapsedMs: Double(stage.upstreamWait + stage.upstreamQueue) / 1_000_000)
        gateway.exchangeDidFinish(
            event, context: context,
            response: RecordedResponse(headers: state.sentHeaders, body: state.sentBody, bodyLength: state.sentLength, attempts: [attempt]))
    }

    private func publishAttemptFailure(status: Int?, reason: String, timings: UpstreamTimings) {
        let elapsed = MonotonicClock.now() - context.submittedAt
        gateway.bus.publish(
            .attemptFailed(
                AttemptFailed(
                    requestID: context.id, timestampMs: MonotonicClock.wallMilliseconds(), provider: context.providerID, model: context.model,
                    attempt: 1, status: status, reason: reason, elapsedMs: Double(elapsed) / 1_000_000)))
    }

    private func stageTimings(_ timings: UpstreamTimings, finishedAt: UInt64) -> StageTimings {
        var stage = StageTimings()
        stage.parse = context.parsedAt - context.receivedAt
        stage.route = context.submittedAt - context.parsedAt
        stage.upstreamQueue = timings.queued
        stage.upstreamConnect = timings.connect
        stage.upstreamFirstByte = timings.firstByte
        stage.upstreamTransfer = timings.transfer
        let now = MonotonicClock.now()
        stage.encode = now > finishedAt ? now - finishedAt : 0
        stage.total = now - context.receivedAt
        return stage
    }

    private func signalboxHeaders(overheadNs: UInt64) -> [HTTPField] {
        Gateway.signalboxHeaders(id: context.id, provider: context.providerID, model: context.model, attempts: 1, overheadNs: overheadNs)
    }

    /// Provider headers worth passing on: its request id (the SDKs expose it) and processing time.
    private func passthroughHeaders(_ head: UpstreamResponseHead?) -> [HTTPField] {
        guard let head else { return [] }
        var fields: [HTTPField] = []
        if let requestID = head.headers.first(context.adapter.requestIDHeader) { fields.append(HTTPField("x-request-id", requestID)) }
        if let processing = head.headers.first("openai-processing-ms") { fields.append(HTTPField("openai-processing-ms", processing)) }
        return fields
    }
}

extension ProxyExchange {
    /// State owned by the client's event loop.
    final class LoopSide {
        let writer: any ResponseWriter
        var transfer: (any UpstreamTransfer)?
        var splitter = SSEEventSplitter()
        var headSent = false
        var finished = false
        var clientGone = false
        var usage: Usage?
        var chunks = 0
        /// What reached the client, for the request record (streams: up to the recorder's cap).
        var sentHeaders: [HTTPField] = []
        var sentBody = ByteBuffer()
        var sentLength = 0

        init(writer: any ResponseWriter) { self.writer = writer }

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
    /// the upstream thread, and only those callbacks touch these fields; values leave this object
    /// by copy inside the closures passed to the event loop.
    final class UpstreamSide: @unchecked Sendable {
        var head: UpstreamResponseHead?
        var body = ByteBuffer()
        var relaying = false
    }
}
