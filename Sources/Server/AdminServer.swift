public import Engine
import Hummingbird
public import SignalboxCore

/// The operator listener (`server.admin_listen`) on Hummingbird: health and readiness now; the
/// admin API and `/metrics` are mounted here as they arrive.
public struct AdminServer: Sendable {
    private let gateway: Gateway
    private let address: ListenAddress

    public init(gateway: Gateway, address: ListenAddress) {
        self.gateway = gateway
        self.address = address
    }

    /// Runs until the surrounding task is cancelled. `onStarted` receives the bound port.
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
            onServerRunning: { channel in await onStarted(channel.localAddress?.port ?? 0) }
        )
        try await app.run()
    }
}
