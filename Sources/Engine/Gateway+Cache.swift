import Foundation
import NIOCore
public import SignalboxCore
import Synchronization

/// The exact response cache on the request path: looked up after authentication and validation,
/// before limits, budgets and routing — a hit uses no provider capacity and costs nothing, so it
/// is not counted against rate limits or budgets.
extension Gateway {
    /// The start of the request's last user message, on one line.
    static func promptPreview(_ chat: ChatCompletionRequest) -> String? {
        guard let text = chat.messages.last(where: { $0.role == .user })?.content?.plainText else { return nil }
        let line = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return line.count > 120 ? String(line.prefix(119)) + "…" : line
    }

    enum CacheLookup {
        /// No cache on the route, a non-deterministic request the route does not cache, or the
        /// client said `x-signalbox-cache: no-store`.
        case bypass
        case hit(ExactCache.Entry)
        /// Not found (or `no-cache`): the answer is stored under this key once it succeeds.
        case miss(CacheWrite)
    }

    func cacheLookup(_ chat: ChatCompletionRequest, key: VirtualKey?, request: InboundRequest) -> CacheLookup {
        guard let cache = exactCache, let policy = cachePolicies[chat.model], policy.exact else { return .bypass }
        guard chat.isDeterministic || policy.nondeterministic else { return .bypass }
        let directive = request.headers.first("x-signalbox-cache").map { $0.lowercased() }
        if directive == "no-store" { return .bypass }
        let namespace: ExactCacheKey.Namespace = policy.shared ? .shared : key.map { .key($0.id) } ?? .shared
        guard let cacheKey = try? ExactCacheKey(route: chat.model, request: chat, namespace: namespace) else { return .bypass }
        if directive != "no-cache", let entry = cache.lookup(cacheKey, nowMs: Int64(MonotonicClock.wallMilliseconds())) {
            return .hit(entry)
        }
        return .miss(CacheWrite(key: cacheKey, namespace: namespace, ttlMs: Int64(policy.ttlSeconds) * 1_000))
    }

    /// Answers from a cached answer: as it was for a non-streamed request, replayed as an SSE
    /// stream (with the usage chunk when `stream_options.include_usage`) for a streamed one.
    func answerFromCache(
        _ entry: ExactCache.Entry, chat: ChatCompletionRequest, id: RequestID, endpoint: Endpoint, request: InboundRequest,
        writer: any ResponseWriter, keyID: String?, cache: String = "hit-exact", similarity: Double? = nil
    ) {
        let now = MonotonicClock.now()
        var timings = StageTimings()
        timings.parse = now - min(now, request.receivedAt)
        timings.total = timings.parse
        let signalbox = Self.signalboxHeaders(
            id: id, provider: entry.provider, model: entry.model, attempts: 0, overheadNs: timings.total, cache: cache)
            + (similarity.map { [HTTPField("x-signalbox-cache-similarity", String(format: "%.4f", $0))] } ?? [])
        var headers: [HTTPField]
        let body: ByteBuffer
        var chunks = 0
        if chat.isStreaming, let answer = try? SharedJSONCoders.decoder.decode(ChatCompletionResponse.self, from: Data(entry.body)) {
            let pieces = answer.streamChunks(includeUsage: chat.streamOptions?.includeUsage == true)
            var stream = (try? ProxyExchange.sse(pieces)) ?? ByteBuffer()
            stream.writeString("data: [DONE]\n\n")
            chunks = pieces.count
            headers = [HTTPField("Content-Type", "text/event-stream"), HTTPField("Cache-Control", "no-cache")] + signalbox
            writer.writeStreamHead(status: 200, headers: headers)
            _ = writer.writeStreamPart(stream)
            writer.endStream()
            body = stream
        } else {
            headers = [HTTPField("Content-Type", "application/json")] + signalbox
            body = ByteBuffer(bytes: entry.body)
            writer.writeResponse(status: 200, headers: headers, body: body)
        }
        var finished = RequestFinished(
            id: id, timestampMs: MonotonicClock.wallMilliseconds(), endpoint: endpoint, requestedModel: chat.model, provider: entry.provider,
            model: entry.model, stream: chat.isStreaming, status: 200, attempts: 0, usage: entry.usage, timings: timings, providerRequestID: nil,
            errorMessage: nil, chunks: chunks, virtualKeyID: keyID)
        finished.cache = cache
        finished.cacheSimilarity = similarity
        finished.cachePrompt = Self.promptPreview(chat)
        if let usage = entry.usage { finished.savedCostMicros = routes.rates(route: entry.route, provider: entry.provider, model: entry.model)?.micros(usage) }
        finishLocally(finished, request: request, headers: headers, body: body)
    }
}

/// Where the exact cache's entries are kept across restarts (the store, when it is open). Both
/// calls return at once; the writes happen off the hot path.
public protocol ResponseCacheStore: Sendable {
    func save(_ key: ExactCacheKey, _ entry: ExactCache.Entry)
    func purge(_ purge: CachePurge, cutoffMs: Int64?)
}

extension Gateway {
    /// From now on stored answers and purges also go to `store`; `entries` (newest first, as the
    /// store loaded them) fill the cache now.
    public func persistCache(to store: any ResponseCacheStore, loading entries: [(ExactCacheKey, ExactCache.Entry)]) {
        guard let cache = exactCache else { return }
        // Oldest first, so the newest end up most recently used.
        for (key, entry) in entries.reversed() { cache.store(key, entry) }
        cacheStore.withLock { $0 = store }
    }

    func cacheSaved(_ key: ExactCacheKey, _ entry: ExactCache.Entry) {
        cacheStore.withLock { $0 }?.save(key, entry)
    }

    func cachePurged(_ purge: CachePurge, cutoffMs: Int64?) {
        cacheStore.withLock { $0 }?.purge(purge, cutoffMs: cutoffMs)
    }
}
