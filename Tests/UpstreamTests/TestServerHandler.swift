import NIOCore
import NIOHTTP1
import SignalboxCore

/// One connection of the test server. The first path component picks the behaviour:
/// - `/echo`: 200 with the request body; `x-echo-method` holds the method.
/// - `/status/N`: status N with fixed headers (`x-test`, two `x-multi`) and body `status N`.
/// - `/informational/N`: a 1xx head N (with a `link` header), then 200 `final`.
/// - `/gated/NAME`: chunked `first;`, then waits for gate NAME, then `second;`.
/// - `/held/NAME`: head, waits for gate NAME, then `first;`, and never ends.
/// - `/never`: never answers. `/stall`: head and `partial`, then nothing.
/// - `/trickle/MS`: head, then `.` every MS milliseconds until the client goes away.
/// - `/bytes/N`: N bytes of `TestPattern`, with a content length.
/// - `/delay/MS`: 200 `delayed` after MS milliseconds.
/// - `/truncated`: announces 10 bytes, sends 5, closes.
final class TestServerHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let recorder: ServerRecorder
    private var requestHead: HTTPRequestHead?
    private var requestBody: [UInt8] = []
    private var trickle: Scheduled<Void>?

    init(recorder: ServerRecorder) {
        self.recorder = recorder
    }

    func channelActive(context: ChannelHandlerContext) {
        recorder.state.update { state in
            state.openConnections += 1
            state.acceptedConnections += 1
            state.maxOpenConnections = max(state.maxOpenConnections, state.openConnections)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        trickle?.cancel()
        recorder.state.update { state in
            state.openConnections -= 1
            state.closedConnections += 1
        }
        context.fireChannelInactive()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if !context.channel.isWritable {
            recorder.state.update { $0.sawUnwritable = true }
        }
        context.fireChannelWritabilityChanged()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            requestHead = head
            requestBody = []
        case .body(let buffer):
            requestBody.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head = requestHead else { return }
            let recorded = ServerRecorder.RecordedRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { HTTPField($0.name, $0.value) }, body: requestBody)
            recorder.state.update { $0.requests.append(recorded) }
            respond(to: head, context: context)
        }
    }

    private func respond(to request: HTTPRequestHead, context: ChannelHandlerContext) {
        let components = request.uri.split(separator: "?")[0].split(separator: "/").map(String.init)
        let argument = components.count > 1 ? components[1] : ""
        let loop = context.eventLoop.assumeIsolated()
        switch components.first ?? "" {
        case "echo":
            var body = context.channel.allocator.buffer(capacity: requestBody.count)
            body.writeBytes(requestBody)
            sendFull(context: context, status: .ok, headers: [("x-echo-method", request.method.rawValue)], body: body)
        case "status":
            let code = Int(argument) ?? 200
            sendFull(
                context: context, status: HTTPResponseStatus(statusCode: code),
                headers: [("x-test", "one"), ("x-multi", "a"), ("x-multi", "b")],
                body: ByteBuffer(string: "status \(code)"))
        case "informational":
            let code = Int(argument) ?? 103
            var headers = HTTPHeaders()
            headers.add(name: "link", value: "</style.css>; rel=preload")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: code), headers: headers))),
                promise: nil)
            context.flush()
            sendFull(context: context, status: .ok, headers: [], body: ByteBuffer(string: "final"))
        case "gated":
            sendHead(context: context, contentLength: nil)
            sendBody(context: context, ByteBuffer(string: "first;"))
            let promise = context.eventLoop.makePromise(of: Void.self)
            recorder.waitForGate(argument, promise: promise)
            promise.futureResult.assumeIsolated().whenSuccess {
                self.sendBody(context: context, ByteBuffer(string: "second;"))
                context.writeAndFlush(self.wrapOutboundOut(.end(nil)), promise: nil)
            }
        case "held":
            sendHead(context: context, contentLength: nil)
            context.flush()
            let promise = context.eventLoop.makePromise(of: Void.self)
            recorder.waitForGate(argument, promise: promise)
            promise.futureResult.assumeIsolated().whenSuccess {
                self.sendBody(context: context, ByteBuffer(string: "first;"))
            }
        case "never":
            break
        case "stall":
            sendHead(context: context, contentLength: nil)
            sendBody(context: context, ByteBuffer(string: "partial"))
        case "trickle":
            let interval = TimeAmount.milliseconds(Int64(argument) ?? 20)
            sendHead(context: context, contentLength: nil)
            scheduleTrickle(context: context, every: interval)
        case "bytes":
            let count = Int(argument) ?? 0
            sendHead(context: context, contentLength: count)
            var offset = 0
            while offset < count {
                let size = min(16_384, count - offset)
                var chunk = context.channel.allocator.buffer(capacity: size)
                chunk.writeBytes(TestPattern.bytes(offset..<offset + size))
                context.write(wrapOutboundOut(.body(.byteBuffer(chunk))), promise: nil)
                offset += size
            }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        case "delay":
            loop.scheduleTask(in: .milliseconds(Int64(argument) ?? 100)) {
                self.sendFull(context: context, status: .ok, headers: [], body: ByteBuffer(string: "delayed"))
            }
        case "truncated":
            sendHead(context: context, contentLength: 10)
            sendBody(context: context, ByteBuffer(string: "12345"))
            context.close(promise: nil)
        default:
            sendFull(context: context, status: .notFound, headers: [], body: ByteBuffer(string: "no such behaviour"))
        }
    }

    private func scheduleTrickle(context: ChannelHandlerContext, every interval: TimeAmount) {
        trickle = context.eventLoop.assumeIsolated().scheduleTask(in: interval) {
            self.sendBody(context: context, ByteBuffer(string: "."))
            self.scheduleTrickle(context: context, every: interval)
        }
    }

    private func sendHead(context: ChannelHandlerContext, contentLength: Int?) {
        var headers = HTTPHeaders()
        if let contentLength { headers.add(name: "content-length", value: String(contentLength)) }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers))), promise: nil)
    }

    private func sendBody(context: ChannelHandlerContext, _ buffer: ByteBuffer) {
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
    }

    private func sendFull(context: ChannelHandlerContext, status: HTTPResponseStatus, headers fields: [(String, String)], body: ByteBuffer) {
        var headers = HTTPHeaders(fields)
        headers.add(name: "content-length", value: String(body.readableBytes))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
