import Foundation
public import Logging
public import NIOCore
import Providers
public import SignalboxCore
import Synchronization
public import Upstream

/// The proxy engine: validates a client request, resolves its route, hands it to the upstream
/// client and relays the answer. Entry points run on the client's event loop and never block;
/// nothing on this path touches SQL, the console or the body log.
public final class Gateway: Sendable {
    public let bus: EventBus
    let upstream: any UpstreamClient
    let routes: RouteTable
    /// Recent requests for the console's inspector and for replay.
    public let recorder: RequestRecorder
    let logger: Logger
    let control: ControlConfig
    let retries: RetryConfig
    let tryWhenAllOpen: Bool
    /// Breakers, latency averages, in-flight counts and the retry budget.
    let health: TargetHealthTable
    /// Recent `/v1/responses` conversations, for `previous_response_id`.
    let conversations: ConversationStore
    /// The accepted virtual keys (`server.auth: virtual_keys`); nil: every caller is trusted.
    public let authenticator: KeyAuthenticator?
    /// The exact response cache (nil when no route caches), and each caching route's policy.
    public let exactCache: ExactCache?
    let cachePolicies: [String: RouteCacheConfig]
    let cacheStore = Mutex<(any ResponseCacheStore)?>(nil)
    /// The semantic cache (nil unless a route has `cache.semantic` and `cache.embedding_route` is set).
    public let semanticCache: SemanticCache?
    let cacheConfig: CacheConfig
    /// Records the store writer is behind while it is backlogged, else 0 (see `setStoreBacklog`).
    let storeBacklog = Atomic<Int>(0)
    /// Rate limits and budgets (virtual keys', teams', the gateway's).
    public let governor: Governor
    /// Told of every finished request on its event loop (the runtime queues a usage record); it
    /// must return at once.
    ///
    /// Observers are kept in class boxes: a function value read through `Mutex.withLock`'s inout
    /// access is reabstracted and written back, one thunk deeper on every read (seen in release
    /// builds: each request's call went through one more thunk pair until the stack overflowed).
    private let finishObserver = Mutex<ObserverBox<(RequestFinished, FinishedBodies?)>?>(nil)
    /// Told of each routed request's usage before its answer is written (see `UsageReport`).
    private let usageObserver = Mutex<ObserverBox<UsageReport>?>(nil)
    private let modelsBody: ByteBuffer
    private let inFlight = Atomic<Int>(0)
    private let accepting = Atomic<Bool>(true)

    public init(config: GatewayConfig, upstream: any UpstreamClient, bus: EventBus, logger: Logger) {
        self.bus = bus
        self.upstream = upstream
        self.logger = logger
        self.routes = RouteTable(config: config)
        self.recorder = RequestRecorder(capacity: config.control.recentRequests, bodyCap: config.control.recentBodyBytes)
        self.control = config.control
        self.retries = config.retries
        self.tryWhenAllOpen = config.circuitBreaker.tryWhenAllOpen
        self.health = TargetHealthTable(settings: CircuitBreaker.Settings(config.circuitBreaker))
        self.conversations = ConversationStore(capacity: config.control.recentRequests)
        self.authenticator = config.server.auth == .virtualKeys ? KeyAuthenticator() : nil
        self.governor = Governor(config: config.limits)
        let policies = Dictionary(
            config.models.compactMap { route in route.cache.flatMap { $0.exact || $0.semanticThreshold != nil ? (route.name, $0) : nil } },
            uniquingKeysWith: { first, _ in first })
        self.cachePolicies = policies
        self.exactCache = policies.isEmpty ? nil : ExactCache(maxEntries: config.cache.maxEntries, maxBytes: config.cache.maxBytes)
        self.cacheConfig = config.cache
        let semantic = config.cache.embeddingRoute != nil && policies.values.contains { $0.semanticThreshold != nil }
        self.semanticCache = semantic ? SemanticCache(maxEntries: config.cache.semanticMaxEntries) : nil
        let list = ModelList(data: routes.modelIDs.map { ModelList.Entry(id: $0.id, ownedBy: $0.ownedBy) })
        self.modelsBody = ByteBuffer(bytes: (try? JSONEncoder().encode(list)) ?? Data("{\"object\":\"list\",\"data\":[]}".utf8))
    }

    /// Requests currently being served.
    public var inFlightCount: Int { inFlight.load(ordering: .relaxed) }

    /// Ready to serve: configuration loaded and not shutting down.
    public var isReady: Bool { accepting.load(ordering: .relaxed) }

    /// Stops answering readiness probes positively (shutdown has begun).
    public func beginDrain() { accepting.store(false, ordering: .relaxed) }

    /// Waits until no request is in flight or the deadline passes. Returns the requests left.
    public func drain(timeout: Duration) async -> Int {
        let deadline = ContinuousClock.now + timeout
        while inFlightCount > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        return inFlightCount
    }

    /// Sets the observer of finished requests (usage accounting, the request log); it gets the
    /// bodies the recorder kept (capped at `control.recent_body_bytes`) when recording is on.
    /// Call before serving.
    public func observeFinished(_ observer: @escaping @Sendable (RequestFinished, FinishedBodies?) -> Void) {
        let box = ObserverBox<(RequestFinished, FinishedBodies?)> { observer($0.0, $0.1) }
        finishObserver.withLock { $0 = box }
    }

    /// Sets the observer of usage reports (the store's journal and usage rows). Call before serving;
    /// it runs on the client's event loop before the answer goes out, so it must be quick.
    public func observeUsage(_ observer: @escaping @Sendable (UsageReport) -> Void) {
        let box = ObserverBox(observer)
        usageObserver.withLock { $0 = box }
    }

    /// Whether usage is reported (then a non-streamed answer's usage is read before it is sent).
    var reportsUsage: Bool { usageObserver.withLock { $0 != nil } }

    func report(_ usage: UsageReport) {
        usageObserver.withLock { $0 }?.notify(usage)
    }

    // MARK: - Endpoints

    /// `GET /v1/models`.
    public func models(_ request: InboundRequest, writer: any ResponseWriter) {
        do throws(GatewayError) {
            _ = try authenticate(request)
        } catch {
            writer.writeResponse(status: error.status, headers: ErrorResponse.headers(for: error), body: ErrorResponse.body(for: error))
            return
        }
        writer.writeResponse(status: 200, headers: [HTTPField("Content-Type", "application/json")], body: modelsBody)
    }

    /// `POST /v1/chat/completions`. Returns the running exchange, or nil when it was answered
    /// at once (an invalid request).
    public func chatCompletions(_ request: InboundRequest, on eventLoop: any EventLoop, writer: any ResponseWriter) -> (any ExchangeHandle)? {
        chat(request, endpoint: .chatCompletions, on: eventLoop, writer: writer, canonicalBody: true) { body throws(GatewayError) in
            try RequestDecoder.decode(ChatCompletionRequest.self, from: body)
        }
    }

    /// `POST /v1/messages`: Anthropic's Messages API, routed like any chat request; answers,
    /// streams and errors in Anthropic's shapes.
    public func messages(_ request: InboundRequest, on eventLoop: any EventLoop, writer: any ResponseWriter) -> (any ExchangeHandle)? {
        let dialect = MessagesDialect()
        let translating = DialectResponseWriter(writer, dialect: dialect)
        return chat(
            request, endpoint: .messages, on: eventLoop, writer: translating, canonicalBody: false,
            forTarget: { chat, kind in
                // Anthropic's own fields (`top_k`, `thinking`, …) mean nothing to other providers,
                // and OpenAI's API refuses unknown fields: they go only to Anthropic.
                if kind != .anthropic {
                    for name in AnthropicMessagesRequest.anthropicExtras { chat.extras[name] = nil }
                    if chat.extras["service_tier"]?.stringValue == "standard_only" { chat.extras["service_tier"] = nil }
                }
            }
        ) { body throws(GatewayError) in
            let decoded = try MessagesInboundRequest.decode(Array(body.readableBytesView))
            dialect.requestedModel = decoded.canonical.model
            return decoded.canonical
        }
    }

    /// `POST /v1/responses`: OpenAI's Responses API, routed like any chat request;
    /// `previous_response_id` continues a conversation answered here recently.
    public func responses(_ request: InboundRequest, on eventLoop: any EventLoop, writer: any ResponseWriter) -> (any ExchangeHandle)? {
        let dialect = ResponsesDialect(conversations: conversations)
        let translating = DialectResponseWriter(writer, dialect: dialect)
        let conversations = self.conversations
        return chat(request, endpoint: .responses, on: eventLoop, writer: translating, canonicalBody: false) { body throws(GatewayError) in
            var decoded = try ResponsesInboundRequest.decode(Array(body.readableBytesView))
            if let previous = decoded.previousResponseID {
                guard let history = conversations.conversation(previous) else {
                    throw .invalidRequest(
                        "Previous response with id '\(previous)' not found: this gateway keeps the last \(conversations.capacity) "
                            + "conversations (control.recent_requests), in memory.", param: "previous_response_id")
                }
                decoded = decoded.withHistory(history)
            }
            dialect.request = decoded
            return decoded.canonical
        }
    }

    /// A chat request in any inbound dialect: `decode` turns the client's body into the canonical
    /// request (`canonicalBody`: the body is already in the canonical format, so it may go
    /// upstream byte for byte when nothing in it changes). `writer` answers in the dialect.
    /// `forTarget` adjusts the canonical request for each attempt's provider kind.
    func chat(
        _ request: InboundRequest, endpoint: Endpoint, on eventLoop: any EventLoop, writer: any ResponseWriter, canonicalBody: Bool,
        forTarget: (@Sendable (inout ChatCompletionRequest, ProviderKind) -> Void)? = nil,
        decode: (ByteBuffer) throws(GatewayError) -> ChatCompletionRequest
    ) -> (any ExchangeHandle)? {
        let id = RequestID.make(nowMilliseconds: MonotonicClock.wallMilliseconds())
        var requestedModel = ""
        var stream = false
        var keyID: String?
        do throws(GatewayError) {
            try checkStoreBacklog()
            try Self.checkContentType(request.headers)
            let key = try authenticate(request)
            keyID = key?.id
            let chat = try decode(request.body)
            requestedModel = chat.model
            stream = chat.isStreaming
            try Self.validate(chat)
            if let key { try authenticator?.authorize(key, model: chat.model) }
            var cacheWrite: CacheWrite?
            var cacheStatus = "bypass"
            switch cacheLookup(chat, key: key, request: request) {
            case .bypass: break
            case .hit(let entry):
                answerFromCache(entry, chat: chat, id: id, endpoint: endpoint, request: request, writer: writer, keyID: key?.id)
                return nil
            case .miss(let write):
                cacheWrite = write
                cacheStatus = "miss"
            }
            if let semantic = semanticPlan(chat, key: key, request: request) {
                return semanticLookup(
                    semantic, chat: chat, key: key, id: id, endpoint: endpoint, request: request, on: eventLoop, writer: writer,
                    canonicalBody: canonicalBody, forTarget: forTarget, cache: ChatCacheState(write: cacheWrite, status: cacheStatus))
            }
            return proceed(
                chat, key: key, id: id, endpoint: endpoint, request: request, on: eventLoop, writer: writer, canonicalBody: canonicalBody,
                forTarget: forTarget, cache: ChatCacheState(write: cacheWrite, status: cacheStatus))
        } catch {
            reject(
                error, id: id, endpoint: endpoint, requestedModel: requestedModel, stream: stream, request: request, writer: writer,
                keyID: keyID)
            return nil
        }
    }

    /// The rest of a chat request once the caches had their say: limits, budgets, routing and the
    /// upstream exchange (a semantic lookup resumes here after its embedding came back).
    func proceed(
        _ chat: ChatCompletionRequest, key: VirtualKey?, id: RequestID, endpoint: Endpoint, request: InboundRequest, on eventLoop: any EventLoop,
        writer: any ResponseWriter, canonicalBody: Bool, forTarget: (@Sendable (inout ChatCompletionRequest, ProviderKind) -> Void)?,
        cache: ChatCacheState
    ) -> (any ExchangeHandle)? {
        var chat = chat
        var refusalHeaders: [HTTPField] = []
        do throws(GatewayError) {
            let parsedAt = MonotonicClock.now()
            let limits = try limits(for: request)
            var plan = try plan(chat.model, request: request)
            let completionDefault = governor.completionEstimate
            let admission = try admit(key: key, route: chat.model, plan: &plan, request: request, refusalHeaders: &refusalHeaders) {
                [chat] in (TokenEstimate.prompt(of: chat), TokenEstimate.completion(of: chat, default: completionDefault))
            }
            let target = plan.targets[0]
            // The client's bytes can go upstream unchanged when nothing in them changes: this
            // saves an encode and keeps every field exactly as the client wrote it.
            let clientModel = chat.model
            var injected = false
            if chat.isStreaming, chat.streamOptions?.includeUsage != true {
                // Usage is needed for accounting; the extra chunk is removed before the client sees it.
                var options = chat.streamOptions ?? .init()
                options.includeUsage = true
                chat.streamOptions = options
                injected = true
            }
            let clientBody: ByteBuffer? = canonicalBody && !injected ? request.body : nil
            var context = ExchangeContext(
                id: id, endpoint: endpoint, requestedModel: chat.model, target: target, stream: chat.isStreaming,
                injectedUsageChunk: injected, request: request, recorded: recorder.requestPart(of: request), parsedAt: parsedAt)
            (context.deadline, context.maxAttempts) = limits
            context.virtualKeyID = key?.id
            context.admission = admission
            context.cacheWrite = cache.write
            context.cacheStatus = cache.status
            context.semanticWrite = cache.semantic
            let canonical = chat
            return submit(context, plan: plan, on: eventLoop, writer: writer) { target in
                var chat = canonical
                chat.model = target.model
                forTarget?(&chat, target.provider.kind)
                let verbatim = target.model == clientModel ? clientBody.map { Array($0.readableBytesView) } : nil
                return try target.adapter.chatCompletionRequest(chat, verbatimBody: verbatim, key: target.key)
            }
        } catch {
            reject(
                error, id: id, endpoint: endpoint, requestedModel: chat.model, stream: chat.isStreaming, request: request, writer: writer,
                headers: refusalHeaders, keyID: key?.id)
            return nil
        }
    }

    /// `POST /v1/embeddings`.
    public func embeddings(_ request: InboundRequest, on eventLoop: any EventLoop, writer: any ResponseWriter) -> (any ExchangeHandle)? {
        let id = RequestID.make(nowMilliseconds: MonotonicClock.wallMilliseconds())
        var requestedModel = ""
        var refusalHeaders: [HTTPField] = []
        var keyID: String?
        do throws(GatewayError) {
            try checkStoreBacklog()
            try Self.checkContentType(request.headers)
            let key = try authenticate(request)
            keyID = key?.id
            let embedding = try RequestDecoder.decode(EmbeddingRequest.self, from: request.body)
            requestedModel = embedding.model
            if let key { try authenticator?.authorize(key, model: embedding.model) }
            guard !embedding.model.isEmpty else { throw .invalidRequest("'model' must not be empty.", param: "model") }
            guard !embedding.input.isEmpty else { throw .invalidRequest("'input' must not be empty.", param: "input") }
            let parsedAt = MonotonicClock.now()
            let limits = try limits(for: request)
            var plan = try plan(embedding.model, request: request)
            let admission = try admit(key: key, route: embedding.model, plan: &plan, request: request, refusalHeaders: &refusalHeaders) {
                [embedding] in (TokenEstimate.prompt(of: embedding), 0)
            }
            var context = ExchangeContext(
                id: id, endpoint: .embeddings, requestedModel: requestedModel, target: plan.targets[0], stream: false, injectedUsageChunk: false,
                request: request, recorded: recorder.requestPart(of: request), parsedAt: parsedAt)
            (context.deadline, context.maxAttempts) = limits
            context.virtualKeyID = key?.id
            context.admission = admission
            let canonical = embedding
            return submit(context, plan: plan, on: eventLoop, writer: writer) { target in
                var embedding = canonical
                embedding.model = target.model
                return try target.adapter.embeddingsRequest(embedding, key: target.key)
            }
        } catch {
            reject(
                error, id: id, endpoint: .embeddings, requestedModel: requestedModel, stream: false, request: request, writer: writer,
                headers: refusalHeaders, keyID: keyID)
            return nil
        }
    }

    // MARK: - Internals

    /// The targets for `model`, in the order to try them. `x-signalbox-fallbacks: route-a, route-b`
    /// replaces the route's configured fallbacks for this request.
    private func plan(_ model: String, request: InboundRequest) throws(GatewayError) -> RouteTable.Plan {
        let now = MonotonicClock.now()
        health.recordRequest(nowNs: now)
        let override = request.headers.first("x-signalbox-fallbacks").map {
            $0.split(separator: ",").map { String($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
        }
        return try routes.plan(
            model, health: health, nowNs: now, random: FastRandom.unit(), fallbackOverride: override, tryWhenAllOpen: tryWhenAllOpen)
    }

    /// Rate limits and budgets: reserves the request's estimate, or throws the 429 (its headers in
    /// `refusalHeaders`). A budget that downgrades replaces `plan` with its route's.
    private func admit(
        key: VirtualKey?, route: String, plan: inout RouteTable.Plan, request: InboundRequest, refusalHeaders: inout [HTTPField],
        estimate: () -> (prompt: Int, completion: Int)
    ) throws(GatewayError) -> Admission {
        let decision = governor.admit(
            key: key, route: route, estimate: estimate, rates: plan.targets[0].rates, nowNs: MonotonicClock.now(),
            nowMs: Int64(MonotonicClock.wallMilliseconds()))
        switch decision {
        case .refused(let error, let headers):
            refusalHeaders = headers
            throw error
        case .admitted(let admission):
            if let downgrade = admission.downgrade {
                do throws(GatewayError) {
                    var downgraded = try self.plan(downgrade.route, request: request)
                    downgraded.reason = "budget of \(downgrade.scope) used up: downgraded to '\(downgrade.route)'; " + downgraded.reason
                    plan = downgraded
                } catch {
                    settle(admission, usage: nil, costMicros: nil)
                    throw error
                }
            }
            return admission
        }
    }

    /// Replaces a finished request's reservations with what it used; publishes budget alerts.
    func settle(_ admission: Admission, usage: Usage?, costMicros: Int64?) {
        let alerts = governor.settle(
            admission, tokens: usage?.totalTokens ?? 0, costMicros: costMicros ?? 0, nowNs: MonotonicClock.now(),
            nowMs: Int64(MonotonicClock.wallMilliseconds()))
        for var alert in alerts {
            alert.timestampMs = MonotonicClock.wallMilliseconds()
            bus.publish(.budgetAlert(alert))
            logger.notice(
                "budget alert",
                metadata: [
                    "scope": "\(alert.scope)", "threshold": "\(alert.threshold)", "spent_micros": "\(alert.spentMicros)",
                    "limit_micros": "\(alert.limitMicros)",
                ])
        }
    }

    /// The request's own limits: `x-signalbox-deadline-ms` (else `retries.deadline_ms`, 0: no
    /// deadline across attempts) and `x-signalbox-max-attempts` (else `retries.max_attempts`).
    private func limits(for request: InboundRequest) throws(GatewayError) -> (deadline: UInt64?, maxAttempts: Int) {
        let milliseconds = try Self.integerHeader("x-signalbox-deadline-ms", in: 1...86_400_000, unit: " of milliseconds", request) ?? retries.deadlineMs
        let maxAttempts = try Self.integerHeader("x-signalbox-max-attempts", in: 1...100, request) ?? retries.maxAttempts
        return (milliseconds > 0 ? request.receivedAt + UInt64(milliseconds) * 1_000_000 : nil, maxAttempts)
    }

    /// A whole-number request header within `range`, nil when absent; anything else is a 400.
    private static func integerHeader(
        _ name: String, in range: ClosedRange<Int>, unit: String = "", _ request: InboundRequest
    ) throws(GatewayError) -> Int? {
        guard let header = request.headers.first(name) else { return nil }
        guard let value = Int(header.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
            throw .invalidRequest("\(name) must be a whole number\(unit) from \(range.lowerBound) to \(range.upperBound), got '\(header)'.")
        }
        return value
    }

    /// Starts the exchange; `build` makes the provider request for each attempt's target.
    private func submit(
        _ context: ExchangeContext, plan: RouteTable.Plan, on eventLoop: any EventLoop, writer: any ResponseWriter,
        build: @escaping @Sendable (RouteTable.Target) throws -> OutboundRequest
    ) -> any ExchangeHandle {
        var context = context
        context.submittedAt = MonotonicClock.now()
        inFlight.add(1, ordering: .relaxed)
        bus.publish(
            .requestStarted(
                RequestStarted(
                    id: context.id, timestampMs: MonotonicClock.wallMilliseconds(), endpoint: context.endpoint,
                    requestedModel: context.requestedModel, provider: context.providerID, model: context.model, stream: context.stream)))
        let exchange = ProxyExchange(context: context, plan: plan, gateway: self, eventLoop: eventLoop, writer: writer, build: build)
        exchange.start()
        return exchange
    }

    /// Called by an exchange exactly once, when it has answered the client (or the client left).
    /// `costMicros`: the request's cost in whole micro-dollars (nil when unpriced or without usage).
    func exchangeDidFinish(_ event: RequestFinished, context: ExchangeContext, response: RecordedResponse, costMicros: Int64?) {
        inFlight.subtract(1, ordering: .relaxed)
        settle(context.admission, usage: event.usage, costMicros: costMicros)
        // Recorded (in the ring and the finish observers' queues) before it is published, so whoever
        // sees the event can look the request up, in memory or in the request log after a flush.
        var bodies: FinishedBodies?
        if let request = context.recorded {
            recorder.record(
                RequestRecorder.Entry(
                    finished: event, request: request, responseHeaders: response.headers, responseBody: response.body,
                    responseBodyLength: response.bodyLength, attempts: response.attempts))
            bodies = FinishedBodies(
                request: request.body, requestLength: request.bodyLength, response: recorder.capped(response.body),
                responseLength: response.bodyLength, replayOf: request.replayOf)
        }
        finishObserver.withLock { $0 }?.notify((event, bodies))
        bus.publish(.requestFinished(event))
        if event.status >= 500 {
            logger.warning(
                "request failed",
                metadata: [
                    "request_id": "\(event.id)", "provider": "\(event.provider)", "status": "\(event.status)",
                    "error": "\(event.errorMessage ?? "")",
                ])
        } else {
            logger.debug(
                "request finished",
                metadata: ["request_id": "\(event.id)", "provider": "\(event.provider)", "status": "\(event.status)"])
        }
    }

    /// Publishes a breaker change (and logs it): `reason` overrides the transition's own.
    func publishBreakerChange(provider: String, model: String, _ transition: CircuitBreaker.Transition, reason: String? = nil) {
        let reason = reason ?? transition.reason
        bus.publish(
            .breakerChanged(
                BreakerChanged(
                    timestampMs: MonotonicClock.wallMilliseconds(), provider: provider, model: model, from: transition.from.name,
                    to: transition.to.name, reason: reason)))
        logger.notice("circuit breaker \(transition.to.name)", metadata: ["provider": "\(provider)", "model": "\(model)", "reason": "\(reason)"])
    }

    /// Opens the breakers of every routed model of `provider`; returns how many changed.
    func openBreakers(of provider: String, reason: String? = nil) -> Int {
        let changed = health.openBreakers(provider: provider, models: routes.models(ofProvider: provider), nowNs: MonotonicClock.now())
        for (model, transition) in changed { publishBreakerChange(provider: provider, model: model, transition, reason: reason) }
        return changed.count
    }

    /// Answers a request that failed before reaching a provider.
    private func reject(
        _ error: GatewayError, id: RequestID, endpoint: Endpoint, requestedModel: String, stream: Bool, request: InboundRequest,
        writer: any ResponseWriter, headers extra: [HTTPField] = [], keyID: String? = nil
    ) {
        let now = MonotonicClock.now()
        var timings = StageTimings()
        timings.parse = now - min(now, request.receivedAt)
        timings.total = timings.parse
        let headers = ErrorResponse.headers(
            for: error, adding: Self.signalboxHeaders(id: id, provider: nil, model: nil, attempts: 0, overheadNs: timings.total) + extra)
        let body = ErrorResponse.body(for: error)
        writer.writeResponse(status: error.status, headers: headers, body: body)
        let finished = RequestFinished(
            id: id, timestampMs: MonotonicClock.wallMilliseconds(), endpoint: endpoint, requestedModel: requestedModel, provider: "",
            model: "", stream: stream, status: error.status, attempts: 0, usage: nil, timings: timings, providerRequestID: nil,
            errorMessage: error.message, virtualKeyID: keyID)
        // A request refused because the store is behind adds nothing to the store's backlog: the
        // console still sees it on the bus.
        finishLocally(finished, request: request, headers: headers, body: body, observed: error.codeName != "store_backlogged")
    }

    /// The end of a request answered by the gateway itself (a refusal, a cache hit): the recorder,
    /// the bus and (when `observed`) the finish observers see it like any other.
    func finishLocally(_ finished: RequestFinished, request: InboundRequest, headers: [HTTPField], body: ByteBuffer, observed: Bool = true) {
        var bodies: FinishedBodies?
        if let part = recorder.requestPart(of: request) {
            recorder.record(
                RequestRecorder.Entry(
                    finished: finished, request: part, responseHeaders: headers, responseBody: body, responseBodyLength: body.readableBytes,
                    attempts: []))
            bodies = FinishedBodies(
                request: part.body, requestLength: part.bodyLength, response: body, responseLength: body.readableBytes, replayOf: part.replayOf)
        }
        if observed { finishObserver.withLock { $0 }?.notify((finished, bodies)) }
        bus.publish(.requestFinished(finished))
    }

    private static func checkContentType(_ headers: [HTTPField]) throws(GatewayError) {
        guard let type = headers.first("content-type") else { return }
        // The common case without parameters is one comparison (Foundation's trimming cost ~5 µs here).
        if type.equalsIgnoringASCIICase("application/json") { return }
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        let beforeParameters = type.prefix { $0 != ";" }.drop(while: isBlank)
        let mediaType = String(beforeParameters.dropLast(beforeParameters.reversed().prefix(while: isBlank).count))
        guard mediaType.equalsIgnoringASCIICase("application/json") || mediaType.lowercased().hasSuffix("+json") else {
            throw .unsupportedMediaType(type)
        }
    }

    private static func validate(_ chat: ChatCompletionRequest) throws(GatewayError) {
        guard !chat.model.isEmpty else { throw .invalidRequest("'model' must not be empty.", param: "model") }
        guard !chat.messages.isEmpty else {
            throw .invalidRequest("'messages' must contain at least one message.", param: "messages")
        }
    }

    static func signalboxHeaders(
        id: RequestID, provider: String?, model: String?, attempts: Int, overheadNs: UInt64, cache: String = "bypass"
    ) -> [HTTPField] {
        var headers = [HTTPField("x-signalbox-request-id", id.rawValue)]
        if let provider { headers.append(HTTPField("x-signalbox-provider", provider)) }
        if let model { headers.append(HTTPField("x-signalbox-model", model)) }
        headers.append(HTTPField("x-signalbox-attempts", String(attempts)))
        headers.append(HTTPField("x-signalbox-cache", cache))
        headers.append(HTTPField("x-signalbox-overhead-us", String(overheadNs / 1_000)))
        return headers
    }

}

/// The `GET /v1/models` body.
private struct ModelList: Encodable {
    struct Entry: Encodable {
        var id: String
        var object = "model"
        var created = 0
        var ownedBy: String

        enum CodingKeys: String, CodingKey {
            case id, object, created
            case ownedBy = "owned_by"
        }
    }

    var object = "list"
    var data: [Entry]
}

extension Gateway {
    /// The request's virtual key (nil without `server.auth: virtual_keys`): the presented secret,
    /// or for a replay from the request log the key it acted as.
    func authenticate(_ request: InboundRequest) throws(GatewayError) -> VirtualKey? {
        guard let authenticator, !request.isInternal else { return nil }
        if let keyID = request.actingKeyID { return try authenticator.authenticate(keyID: keyID) }
        return try authenticator.authenticate(request.headers)
    }
}

extension Gateway {
    /// The store fell behind (`StoreWriter.isBacklogged`, reported through `setStoreBacklog`):
    /// every new request is refused with 503 until it drains. Requests already admitted finish and
    /// are recorded.
    public func setStoreBacklog(_ backlogged: Bool, pending: Int) {
        storeBacklog.store(backlogged ? max(1, pending) : 0, ordering: .relaxed)
    }

    func checkStoreBacklog() throws(GatewayError) {
        let pending = storeBacklog.load(ordering: .relaxed)
        if pending > 0 { throw .storeBacklogged(pending: pending) }
    }
}
