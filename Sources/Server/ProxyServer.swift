public import Engine
public import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
public import SignalboxCore

/// The client-facing listener (`server.listen`): the OpenAI-compatible `/v1` routes plus
/// `/healthz` and `/readyz`, on a plain NIOHTTP1 pipeline so the hot path pays for no router.
public final class ProxyServer: Sendable {
    private let gateway: Gateway
    private let maxBodyBytes: Int
    private let group: any EventLoopGroup
    private let channelBox = Mutex<(any Channel)?>(nil)

    public init(gateway: Gateway, maxBodyBytes: Int, group: any EventLoopGroup) {
        self.gateway = gateway
        self.maxBodyBytes = maxBodyBytes
        self.group = group
    }

    /// Binds and starts accepting. Returns the bound port (useful with port 0).
    @discardableResult
    public func start(at address: ListenAddress) async throws -> Int {
        let gateway = self.gateway
        let maxBodyBytes = self.maxBodyBytes
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 16)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    // Outbound header validation re-checks every response header on every write. Signalbox
                    // writes only its own header values and provider values that came out of a
                    // line-split header parser (no CR/LF possible), so the check buys nothing here.
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withErrorHandling: true, withOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(ProxyHTTPHandler(gateway: gateway, maxBodyBytes: maxBodyBytes))
                }
            }
            .bind(host: address.host, port: address.port)
            .get()
        channelBox.withLock { $0 = channel }
        return channel.localAddress?.port ?? address.port
    }

    /// Stops accepting new connections; established ones keep being served.
    public func stopAccepting() async {
        let channel = channelBox.withLock { channel in
            defer { channel = nil }
            return channel
        }
        try? await channel?.close()
    }
}
