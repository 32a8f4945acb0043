import Engine
import NIOCore
import NIOHTTP1
import Providers
import SignalboxCore

/// The `/v1` hot path on a plain SwiftNIO HTTP/1.1 pipeline: buffers one request (bounded by
/// `max_body_bytes`), hands it to the engine on this event loop, and writes the engine's answer.
/// One instance per connection; everything here runs on the connection's event loop.
final class ProxyHTTPHandler: ChannelInboundHandler, ResponseWriter {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum Route {
        case chatCompletions, embeddings, models, messages, responses, healthz, readyz
    }

    private let gateway: Gateway
    private let maxBodyBytes: Int
    private var context: ChannelHandlerContext?
    private var head: HTTPRequestHead?
    private var body: ByteBuffer?
    private var bodyTooLarge = false
    private var keepAlive = true
    private var exchange: (any ExchangeHandle)?
    private var responding = false

    init(gateway: Gateway, maxBodyBytes: Int) {
        self.gateway = gateway
        self.maxBodyBytes = maxBodyBytes
    }

    func handlerAdded(context: ChannelHandlerContext) { self.context = context }
    func handlerRemoved(context: ChannelHandlerContext) { self.context = nil }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            self.body = nil
            self.keepAlive = head.isKeepAlive
            let declared = head.headers.first(name: "content-length").flatMap(Int.init) ?? 0
            self.bodyTooLarge = declared > maxBodyBytes
            // Clients such as curl wait (up to a second) for this before sending a large body.
            // A body that is too large is refused right after it arrives instead.
            if !bodyTooLarge, head.headers.first(name: "expect")?.lowercased() == "100-continue" {
                let interim = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(var part):
            guard !bodyTooLarge else { return }
            if (body?.readableBytes ?? 0) + part.readableBytes > maxBodyBytes {
                bodyTooLarge = true
                body = nil
            } else if body == nil {
                body = part
            } else {
                body!.writeBuffer(&part)
            }
        case .end:
            guard let head else { return }
            dispatch(head, context: context)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        let exchange = self.exchange
        self.exchange = nil
        exchange?.clientDidDisconnect()
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable { exchange?.clientBecameWritable() }
        context.fireChannelWritabilityChanged()
    }

    private func dispatch(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let receivedAt = NIODeadline.now().uptimeNanoseconds
        let path = head.uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? head.uri
        responding = true
        let method = head.method
        let route: Route
        switch path {
        case "/v1/chat/completions": route = .chatCompletions
        case "/v1/embeddings": route = .embeddings
        case "/v1/models": route = .models
        case "/v1/messages": route = .messages
        case "/v1/responses": route = .responses
        case "/healthz": route = .healthz
        case "/readyz": route = .readyz
        default:
            writeError(.notFound(method: method.rawValue, path: path))
            return
        }
        let expected: HTTPMethod = (route == .models || route == .healthz || route == .readyz) ? .GET : .POST
        guard method == expected else {
            writeError(.methodNotAllowed(method: method.rawValue, path: path), anthropic: route == .messages)
            return
        }
        if bodyTooLarge {
            writeError(.bodyTooLarge(limit: maxBodyBytes), anthropic: route == .messages)
            return
        }
        var headers: [HTTPField] = []
        headers.reserveCapacity(head.headers.count)
        for (name, value) in head.headers { headers.append(HTTPField(name, value)) }
        let request = InboundRequest(method: method.rawValue, path: path, headers: headers, body: body ?? ByteBuffer(), receivedAt: receivedAt)
        body = nil
        switch route {
        case .chatCompletions:
            exchange = gateway.chatCompletions(request, on: context.eventLoop, writer: self)
        case .embeddings:
            exchange = gateway.embeddings(request, on: context.eventLoop, writer: self)
        case .models:
            gateway.models(request, writer: self)
        case .messages:
            exchange = gateway.messages(request, on: context.eventLoop, writer: self)
        case .responses:
            exchange = gateway.responses(request, on: context.eventLoop, writer: self)
        case .healthz:
            writeResponse(status: 200, headers: [HTTPField("Content-Type", "application/json")], body: ByteBuffer(string: #"{"status":"ok"}"#))
        case .readyz:
            let ready = gateway.isReady
            writeResponse(
                status: ready ? 200 : 503, headers: [HTTPField("Content-Type", "application/json")],
                body: ByteBuffer(string: ready ? #"{"status":"ready"}"# : #"{"status":"draining"}"#))
        }
    }

    /// An error answered before the engine sees the request, in OpenAI's shape or (`/v1/messages`) Anthropic's.
    private func writeError(_ error: GatewayError, anthropic: Bool = false) {
        let body = anthropic ? ByteBuffer(bytes: MessagesInbound.errorJSON(error)) : ErrorResponse.body(for: error)
        writeResponse(status: error.status, headers: ErrorResponse.headers(for: error), body: body)
    }

    // MARK: ResponseWriter

    func writeResponse(status: Int, headers: [HTTPField], body: ByteBuffer) {
        guard let context, responding else { return }
        var fields = HTTPHeaders()
        fields.reserveCapacity(headers.count + 2)
        for field in headers { fields.add(name: field.name, value: field.value) }
        fields.add(name: "Content-Length", value: String(body.readableBytes))
        if !keepAlive { fields.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head?.version ?? .http1_1, status: .init(statusCode: status), headers: fields))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        end(context)
    }

    func writeStreamHead(status: Int, headers: [HTTPField]) {
        guard let context, responding else { return }
        var fields = HTTPHeaders()
        for field in headers { fields.add(name: field.name, value: field.value) }
        if !keepAlive { fields.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head?.version ?? .http1_1, status: .init(statusCode: status), headers: fields))), promise: nil)
    }

    func writeStreamPart(_ part: ByteBuffer) -> Bool {
        guard let context, responding else { return true }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(part))), promise: nil)
        return context.channel.isWritable
    }

    func endStream() {
        guard let context, responding else { return }
        end(context)
    }

    private func end(_ context: ChannelHandlerContext) {
        responding = false
        exchange = nil
        head = nil
        if keepAlive {
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        } else {
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
        }
    }
}
