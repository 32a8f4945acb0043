// The Swift reference proxy of make bench: an NIOHTTP1 server that forwards each request to the
// upstream over pooled keep-alive NIOHTTP1 client connections on the same event loop (no thread
// hop, no libcurl) and answers with the upstream's body. With `--json` it also decodes the request
// and the response's `usage` with Foundation's JSONDecoder, as a gateway must to route and to
// account. Nothing else: no auth, limits, logging or events. It marks what SwiftNIO and Foundation
// reach on the machine, next to nginx proxy and Signalbox in the same run.
//
//   nio-reference-proxy --listen PORT --upstream PORT [--json]      (127.0.0.1 only)
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

struct Options {
    var listen = 0
    var upstream = 0
    var json = false

    init(_ arguments: [String]) {
        var rest = arguments.dropFirst()
        while let argument = rest.popFirst() {
            switch argument {
            case "--listen": listen = rest.popFirst().flatMap(Int.init) ?? 0
            case "--upstream": upstream = rest.popFirst().flatMap(Int.init) ?? 0
            case "--json": json = true
            default: Self.usage("unknown argument \(argument)")
            }
        }
        if listen == 0 || upstream == 0 { Self.usage("--listen and --upstream are required") }
    }

    static func usage(_ problem: String) -> Never {
        FileHandle.standardError.write(Data("nio-reference-proxy: \(problem)\nusage: nio-reference-proxy --listen PORT --upstream PORT [--json]\n".utf8))
        exit(2)
    }
}

struct ChatMessage: Decodable {
    var role: String
    var content: String
}

struct ChatRequest: Decodable {
    var model: String
    var messages: [ChatMessage]
    var stream: Bool?
}

struct UsageProbe: Decodable {
    struct Usage: Decodable {
        var prompt_tokens: Int
        var completion_tokens: Int
        var total_tokens: Int
    }
    var usage: Usage?
}

/// One upstream keep-alive connection; hands each complete response to whoever is waiting for it.
/// Touched only on its channel's event loop.
final class UpstreamConnection: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPClientResponsePart
    var channel: Channel?
    var waiting: ((HTTPResponseStatus, ByteBuffer) -> Void)?
    private var status = HTTPResponseStatus.ok
    private var body = ByteBuffer()

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            status = head.status
            body = context.channel.allocator.buffer(capacity: 512)
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            let done = waiting
            waiting = nil
            done?(status, body)
        }
    }
}

/// The idle upstream connections of one event loop (used only on that loop).
final class ConnectionPool: @unchecked Sendable {
    let loop: EventLoop
    let upstream: Int
    private var idle: [UpstreamConnection] = []

    init(loop: EventLoop, upstream: Int) {
        self.loop = loop
        self.upstream = upstream
    }

    func acquire() -> EventLoopFuture<UpstreamConnection> {
        if let connection = idle.popLast() { return loop.makeSucceededFuture(connection) }
        let connection = UpstreamConnection()
        return ClientBootstrap(group: loop)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHTTPClientHandlers()
                    try channel.pipeline.syncOperations.addHandler(connection)
                }
            }
            .connect(host: "127.0.0.1", port: upstream)
            .map { channel in
                connection.channel = channel
                return connection
            }
    }

    func release(_ connection: UpstreamConnection) { idle.append(connection) }
}

final class ProxyHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    private let pool: ConnectionPool
    private let json: Bool
    private var uri = "/"
    private var body = ByteBuffer()

    init(pool: ConnectionPool, json: Bool) {
        self.pool = pool
        self.json = json
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            uri = head.uri
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            forward(body, uri: uri, context: context)
        }
    }

    private func forward(_ payload: ByteBuffer, uri: String, context: ChannelHandlerContext) {
        if json, (try? JSONDecoder().decode(ChatRequest.self, from: Data(payload.readableBytesView))) == nil {
            respond(.badRequest, ByteBuffer(string: #"{"error":{"message":"not a chat request"}}"#), context: context)
            return
        }
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let json = self.json
        pool.acquire().whenComplete { result in
            let (handler, context) = bound.value
            guard case .success(let connection) = result, let channel = connection.channel else {
                handler.respond(.badGateway, ByteBuffer(string: #"{"error":{"message":"upstream unreachable"}}"#), context: context)
                return
            }
            connection.waiting = { status, responseBody in
                handler.pool.release(connection)
                if json { _ = try? JSONDecoder().decode(UsageProbe.self, from: Data(responseBody.readableBytesView)) }
                handler.respond(status, responseBody, context: context)
            }
            var headers = HTTPHeaders()
            headers.add(name: "host", value: "127.0.0.1")
            headers.add(name: "content-type", value: "application/json")
            headers.add(name: "content-length", value: String(payload.readableBytes))
            channel.write(HTTPClientRequestPart.head(HTTPRequestHead(version: .http1_1, method: .POST, uri: uri, headers: headers)), promise: nil)
            channel.write(HTTPClientRequestPart.body(.byteBuffer(payload)), promise: nil)
            channel.writeAndFlush(HTTPClientRequestPart.end(nil), promise: nil)
        }
    }

    private func respond(_ status: HTTPResponseStatus, _ body: ByteBuffer, context: ChannelHandlerContext) {
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "content-length", value: String(body.readableBytes))
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}

let options = Options(CommandLine.arguments)
let group = MultiThreadedEventLoopGroup(numberOfThreads: 2)
// One pool per event loop, made before serving and then used only on its own loop.
let pools = Dictionary(uniqueKeysWithValues: group.makeIterator().map { (ObjectIdentifier($0), ConnectionPool(loop: $0, upstream: options.upstream)) })
let server = try ServerBootstrap(group: group)
    .serverChannelOption(.backlog, value: 256)
    .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
    .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
    .childChannelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.configureHTTPServerPipeline(withPipeliningAssistance: true)
            try channel.pipeline.syncOperations.addHandler(ProxyHandler(pool: pools[ObjectIdentifier(channel.eventLoop)]!, json: options.json))
        }
    }
    .bind(host: "127.0.0.1", port: options.listen)
    .wait()
print("nio-reference-proxy: 127.0.0.1:\(options.listen) → 127.0.0.1:\(options.upstream)\(options.json ? ", JSONDecoder on request and usage" : "")")
try server.closeFuture.wait()
