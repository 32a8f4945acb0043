import NIOCore
import NIOHTTP1
import NIOPosix

/// A loopback HTTP/1.1 server (in the spirit of AsyncHTTPClient's HTTPBin) whose behaviour is
/// chosen by the request path; see `TestServerHandler`.
final class TestHTTPServer: Sendable {
    let recorder: ServerRecorder
    let port: Int
    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel

    private init(recorder: ServerRecorder, group: MultiThreadedEventLoopGroup, channel: any Channel, port: Int) {
        self.recorder = recorder
        self.group = group
        self.channel = channel
        self.port = port
    }

    static func start() async throws -> TestHTTPServer {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let recorder = ServerRecorder()
        do {
            let channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 512)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(TestServerHandler(recorder: recorder))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
            return TestHTTPServer(recorder: recorder, group: group, channel: channel, port: channel.localAddress?.port ?? 0)
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
    }

    var state: ServerRecorder.State { recorder.state.value }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    func stop() async throws {
        try? await channel.close()
        try await group.shutdownGracefully()
    }
}
