public import Engine
import Hummingbird
public import Logging
import ServiceLifecycle
public import SignalboxCore
import Synchronization

/// The operator listener (`server.admin_listen`) on Hummingbird: health and readiness now; the
/// admin API and `/metrics` are mounted here as they arrive.
public final class AdminServer: Sendable {
    private let gateway: Gateway
    private let address: ListenAddress
    private let logger: Logger
    private let group = Mutex<ServiceGroup?>(nil)

    public init(gateway: Gateway, address: ListenAddress, logger: Logger) {
        self.gateway = gateway
        self.address = address
        self.logger = logger
    }

    /// Runs until `shutdown()`. `onStarted` receives the bound port.
    public func run(onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router()
        let gateway = self.gateway
        router.get("/healthz") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: .init(string: #"{"status":"ok"}"#)))
        }
        router.get("/readyz") { _, _ in
            let ready = gateway.isReady
            return Response(
                status: ready ? .ok : .serviceUnavailable, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: .init(string: ready ? #"{"status":"ready"}"# : #"{"status":"draining"}"#)))
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "signalbox-admin"),
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        // Signals are handled by the process (`serve` drains the proxy first), so none here.
        let serviceGroup = ServiceGroup(services: [app], gracefulShutdownSignals: [], cancellationSignals: [], logger: logger)
        group.withLock { $0 = serviceGroup }
        try await serviceGroup.run()
    }

    /// Stops accepting and finishes open requests, then `run()` returns.
    public func shutdown() async {
        await group.withLock { $0 }?.triggerGracefulShutdown()
    }
}
