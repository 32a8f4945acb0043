import Crypto
import Foundation
import NIOCore
import SignalboxCore
import Synchronization

/// The semantic cache on the request path: after an exact miss, the question (the last user
/// message) is embedded through `cache.embedding_route` — an ordinary embeddings request through
/// the pipeline, so it is retried, accounted and logged — and the closest question of the same
/// partition answers when it is similar enough. An embedding that fails only skips the cache.
extension Gateway {
    /// What a semantic lookup needs: the question, its partition and the route's policy.
    struct SemanticPlan: Sendable {
        var question: String
        var partition: UInt64
        var threshold: Double
        var ttlMs: Int64
        var namespace: ExactCacheKey.Namespace
        var embeddingRoute: String
    }

    func semanticPlan(_ chat: ChatCompletionRequest, key: VirtualKey?, request: InboundRequest) -> SemanticPlan? {
        guard let semanticCache = semanticCache, semanticCache.maxEntries > 0, let embeddingRoute = cacheConfig.embeddingRoute,
            let policy = cachePolicies[chat.model], let threshold = policy.semanticThreshold,
            chat.isDeterministic || policy.nondeterministic
        else { return nil }
        let directive = request.headers.first("x-signalbox-cache").map { $0.lowercased() }
        guard directive != "no-store", directive != "no-cache" else { return nil }
        guard let last = chat.messages.lastIndex(where: { $0.role == .user }), let question = chat.messages[last].content?.plainText, !question.isEmpty
        else { return nil }
        let namespace: ExactCacheKey.Namespace = policy.shared ? .shared : key.map { .key($0.id) } ?? .shared
        // Everything but the question itself must match: the rest of the conversation, tools and
        // parameters hash into the partition.
        var context = chat
        context.messages.remove(at: last)
        guard let contextKey = try? ExactCacheKey(route: chat.model, request: context, namespace: namespace) else { return nil }
        let partition = contextKey.hex.prefix(16).reduce(UInt64(0)) { $0 << 4 | UInt64($1.hexDigitValue ?? 0) }
        return SemanticPlan(
            question: question, partition: partition, threshold: threshold, ttlMs: Int64(policy.ttlSeconds) * 1_000, namespace: namespace,
            embeddingRoute: embeddingRoute)
    }

    /// Embeds `plan.question`, then answers from the closest cached question or resumes the request
    /// (`proceed`), on `eventLoop`. The returned handle forwards the client's disconnect to whichever
    /// exchange runs by then.
    func semanticLookup(
        _ plan: SemanticPlan, chat: ChatCompletionRequest, key: VirtualKey?, id: RequestID, endpoint: Endpoint, request: InboundRequest,
        on eventLoop: any EventLoop, writer: any ResponseWriter, canonicalBody: Bool,
        forTarget: (@Sendable (inout ChatCompletionRequest, ProviderKind) -> Void)?, cache: ChatCacheState
    ) -> any ExchangeHandle {
        let deferred = DeferredExchangeHandle()
        // The writer belongs to the client's event loop; the embedding completes there too.
        let boundWriter = NIOLoopBound(writer, eventLoop: eventLoop)
        embed(plan.question, route: plan.embeddingRoute, on: eventLoop) { [self] vector in
            guard !deferred.isCancelled else { return }
            let writer = boundWriter.value
            if let vector, let semanticCache,
                let hit = semanticCache.search(vector, partition: plan.partition, threshold: plan.threshold, nowMs: Int64(MonotonicClock.wallMilliseconds()))
            {
                answerFromCache(
                    hit.entry, chat: chat, id: id, endpoint: endpoint, request: request, writer: writer, keyID: key?.id, cache: "hit-semantic",
                    similarity: hit.similarity)
                return
            }
            var state = cache
            if state.status == "bypass" { state.status = "miss" }
            state.semantic = vector.map { SemanticWrite(vector: $0, partition: plan.partition, ttlMs: plan.ttlMs, namespace: plan.namespace) }
            let handle = proceed(
                chat, key: key, id: id, endpoint: endpoint, request: request, on: eventLoop, writer: writer, canonicalBody: canonicalBody,
                forTarget: forTarget, cache: state)
            deferred.attach(handle)
        }
        return deferred
    }

    /// One embeddings request for `text` through `route`, as the engine's own call; `completion`
    /// gets the vector, or nil when it failed, on `eventLoop`.
    func embed(_ text: String, route: String, on eventLoop: any EventLoop, completion: @escaping @Sendable ([Float]?) -> Void) {
        struct Body: Encodable {
            var model: String
            var input: String
        }
        guard let body = try? SharedJSONCoders.encoder.encode(Body(model: route, input: text)) else {
            completion(nil)
            return
        }
        var request = InboundRequest(
            method: "POST", path: "/v1/embeddings", headers: [HTTPField("Content-Type", "application/json")], body: ByteBuffer(bytes: body),
            receivedAt: MonotonicClock.now())
        request.isInternal = true
        let writer = CallbackResponseWriter(eventLoop: eventLoop) { captured in
            guard (200..<300).contains(captured.status),
                let response = try? SharedJSONCoders.decoder.decode(EmbeddingResponse.self, from: Data(captured.body.readableBytesView)),
                let embedding = response.data.first?.embedding, !embedding.isEmpty
            else {
                completion(nil)
                return
            }
            completion(embedding.map(Float.init))
        }
        _ = embeddings(request, on: eventLoop, writer: writer)
    }
}

/// Stands in for the exchange while the question is embedded: a disconnect before the exchange
/// exists cancels the lookup; after, it is forwarded. Called on the request's event loop.
final class DeferredExchangeHandle: ExchangeHandle, Sendable {
    private let state = Mutex<(cancelled: Bool, handle: (any ExchangeHandle)?)>((false, nil))

    var isCancelled: Bool { state.withLock { $0.cancelled } }

    func attach(_ handle: (any ExchangeHandle)?) {
        let cancelled = state.withLock { state -> Bool in
            state.handle = handle
            return state.cancelled
        }
        if cancelled { handle?.clientDidDisconnect() }
    }

    func clientDidDisconnect() {
        let handle = state.withLock { state -> (any ExchangeHandle)? in
            state.cancelled = true
            return state.handle
        }
        handle?.clientDidDisconnect()
    }

    func clientBecameWritable() {
        state.withLock { $0.handle }?.clientBecameWritable()
    }
}

/// A response the engine wrote for one of its own requests (a replay, an embedding).
struct CapturedResponse: Sendable {
    var status: Int
    var headers: [HTTPField]
    var body: ByteBuffer
}

/// Collects a response the engine writes for its own request (a replay, the semantic cache's
/// embedding) and hands it over once complete, after the engine's current loop task — which
/// records the exchange right after writing.
final class CallbackResponseWriter: ResponseWriter, @unchecked Sendable {
    private let eventLoop: any EventLoop
    private var completion: (@Sendable (CapturedResponse) -> Void)?
    private var response = CapturedResponse(status: 0, headers: [], body: ByteBuffer())

    init(eventLoop: any EventLoop, completion: @escaping @Sendable (CapturedResponse) -> Void) {
        self.eventLoop = eventLoop
        self.completion = completion
    }

    func writeResponse(status: Int, headers: [HTTPField], body: ByteBuffer) {
        response = CapturedResponse(status: status, headers: headers, body: body)
        complete()
    }

    func writeStreamHead(status: Int, headers: [HTTPField]) {
        response.status = status
        response.headers = headers
    }

    func writeStreamPart(_ part: ByteBuffer) -> Bool {
        response.body.writeImmutableBuffer(part)
        return true
    }

    func endStream() { complete() }

    private func complete() {
        guard let completion else { return }
        self.completion = nil
        let response = self.response
        eventLoop.execute { completion(response) }
    }
}
