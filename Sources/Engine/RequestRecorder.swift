import DequeModule
import NIOCore
public import SignalboxCore
import Synchronization

/// The bounded in-memory ring of recent requests behind the console's inspector and replay.
///
/// On the hot path a request costs two small copies (each body up to the cap, into a buffer of
/// its own: a slice would keep the connection's whole read buffer alive and make NIO copy it on
/// the next read) and one lock for the ring append. The header array is kept by reference.
/// Masking headers and turning bytes into the public `RecordedExchange` happen only when an
/// operator asks (`exchange(_:)`).
public final class RequestRecorder: Sendable {
    /// What is kept of the client's request, taken when the exchange starts.
    struct RequestPart: Sendable {
        var headers: [HTTPField]
        var body: ByteBuffer
        var bodyLength: Int
        var replayOf: RequestID?
    }

    struct Entry: Sendable {
        var finished: RequestFinished
        var request: RequestPart
        var responseHeaders: [HTTPField]
        var responseBody: ByteBuffer
        var responseBodyLength: Int
        var attempts: [AttemptRecord]
    }

    /// Requests kept; 0 turns recording off.
    public let capacity: Int
    /// Bytes kept of each body.
    public let bodyCap: Int
    private let entries: Mutex<Deque<Entry>>

    public init(capacity: Int, bodyCap: Int) {
        self.capacity = max(0, capacity)
        self.bodyCap = max(0, bodyCap)
        var entries = Deque<Entry>()
        entries.reserveCapacity(self.capacity)
        self.entries = Mutex(entries)
    }

    public var isEnabled: Bool { capacity > 0 }

    /// The first `bodyCap` bytes of `body` in storage of their own.
    func capped(_ body: ByteBuffer) -> ByteBuffer {
        let kept = min(body.readableBytes, bodyCap)
        guard kept > 0 else { return ByteBuffer() }
        return ByteBuffer(bytes: body.readableBytesView.prefix(kept))
    }

    /// What to keep of `request`, or nil when recording is off.
    func requestPart(of request: InboundRequest) -> RequestPart? {
        guard capacity > 0 else { return nil }
        return RequestPart(headers: request.headers, body: capped(request.body), bodyLength: request.body.readableBytes, replayOf: request.replayOf)
    }

    /// `entry.responseBody` may be any buffer; it is cut to the cap here.
    func record(_ entry: Entry) {
        guard capacity > 0 else { return }
        var entry = entry
        entry.responseBody = capped(entry.responseBody)
        entries.withLock { entries in
            if entries.count == capacity { entries.removeFirst() }
            entries.append(entry)
        }
    }

    /// A recorded request by id, headers masked, or nil when it has left the ring.
    public func exchange(_ id: RequestID) -> RecordedExchange? {
        entry(id).map(Self.exchange(from:))
    }

    /// The most recent requests, newest first.
    public func recent(limit: Int) -> [RecordedExchange] {
        let slice = entries.withLock { entries in Array(entries.suffix(max(0, limit)).reversed()) }
        return slice.map(Self.exchange(from:))
    }

    func entry(_ id: RequestID) -> Entry? {
        entries.withLock { entries in entries.last { $0.finished.id == id } }
    }

    static func exchange(from entry: Entry) -> RecordedExchange {
        let finished = entry.finished
        return RecordedExchange(
            id: finished.id, timestampMs: finished.timestampMs, endpoint: finished.endpoint, requestedModel: finished.requestedModel,
            provider: finished.provider, model: finished.model, stream: finished.stream, status: finished.status,
            requestHeaders: entry.request.headers.map(HeaderMasking.masked),
            requestBody: CappedBody(bytes: Array(entry.request.body.readableBytesView), totalLength: entry.request.bodyLength),
            responseHeaders: entry.responseHeaders.map(HeaderMasking.masked),
            responseBody: CappedBody(bytes: Array(entry.responseBody.readableBytesView), totalLength: entry.responseBodyLength),
            attempts: entry.attempts, usage: finished.usage, timings: finished.timings, providerRequestID: finished.providerRequestID,
            errorMessage: finished.errorMessage, replayOf: entry.request.replayOf, routeReason: finished.routeReason)
    }
}

/// Masks credentials in header values before an operator sees them.
enum HeaderMasking {
    static let sensitive: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key", "cookie", "set-cookie",
    ]

    static func masked(_ field: HTTPField) -> HTTPField {
        guard sensitive.contains(field.name.lowercased()) else { return field }
        let value = field.value
        if let space = value.firstIndex(of: " "), schemes.contains(value[..<space].lowercased()) {
            // `Bearer sk-…`: keep the scheme, mask the credential.
            let credential = value[value.index(after: space)...].drop { $0 == " " }
            return HTTPField(field.name, value[..<space] + " " + Secret.mask(String(credential)))
        }
        return HTTPField(field.name, Secret.mask(value))
    }

    private static let schemes: Set<String> = ["bearer", "basic", "token", "digest"]
}
