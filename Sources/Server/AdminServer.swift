public import Engine
import Hummingbird
public import Logging
import Foundation
import ServiceLifecycle
public import SignalboxCore
import Synchronization

/// The operator listener (`server.admin_listen`) on Hummingbird: health and readiness (open), and
/// the admin API under `/admin/v1` (bearer tokens from `admin.tokens`, checked by role).
public final class AdminServer: Sendable {
    private let gateway: Gateway
    private let controlPlane: ControlPlane
    private let address: ListenAddress
    private let authenticator: AdminAuthenticator
    private let logger: Logger
    private let group = Mutex<ServiceGroup?>(nil)

    public init(gateway: Gateway, controlPlane: ControlPlane, address: ListenAddress, tokens: [AdminTokenConfig], logger: Logger) {
        self.gateway = gateway
        self.controlPlane = controlPlane
        self.address = address
        self.authenticator = AdminAuthenticator(tokens: tokens)
        self.logger = logger
    }

    /// Runs until `shutdown()`. `onStarted` receives the bound port.
    public func run(backends: AdminBackends, onStarted: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let router = Router(context: AdminRequestContext.self)
        router.add(middleware: AdminErrorMiddleware())
        router.add(middleware: AdminAuthMiddleware(authenticator: authenticator))
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
        AdminAPI(
            controlPlane: controlPlane, backends: backends, environment: ProcessInfo.processInfo.environment
        ).register(on: router)
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
