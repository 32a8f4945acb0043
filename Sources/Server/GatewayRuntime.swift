public import Engine
import Foundation
public import Logging
import NIOCore
import NIOPosix
import Store
import Synchronization
public import SignalboxCore
import Upstream

/// One running gateway: engine, upstream client, proxy and admin listeners, wired from a
/// configuration. Used by `signalbox serve` and `signalbox demo`.
public final class GatewayRuntime: Sendable {
    public let config: GatewayConfig
    public let bus: EventBus
    public let gateway: Gateway
    /// Operator actions (console, admin API) go through here.
    public let controlPlane: ControlPlane
    /// Mints and refreshes the access tokens of vertex keys with a service account.
    public let accessTokens: AccessTokenRefresher
    private let upstream: CurlUpstreamClient
    private let group: MultiThreadedEventLoopGroup
    private let proxy: ProxyServer
    private let logger: Logger
    private let admin: AdminServer
    private let adminTask = Mutex<Task<Void, Never>?>(nil)
    private let healthTask = Mutex<Task<Void, Never>?>(nil)
    private let tokenTask = Mutex<Task<Void, Never>?>(nil)
    private let keyTask = Mutex<Task<Void, Never>?>(nil)
    /// Where virtual keys come from (`server.auth: virtual_keys`): given, or opened from `store`.
    private let keyDirectory = Mutex<(any VirtualKeyDirectory)?>(nil)
    private let database = Mutex<SignalboxDatabase?>(nil)
    /// Writes usage records of finished requests to the store, off the hot path.
    private let storeWriter = Mutex<StoreWriter?>(nil)

    /// `keyDirectory`: the virtual keys to accept instead of the configured store's (tests).
    public init(config: GatewayConfig, logger: Logger, eventLoops: Int? = nil, keyDirectory: (any VirtualKeyDirectory)? = nil) {
        self.keyDirectory.withLock { $0 = keyDirectory }
        self.config = config
        self.logger = logger
        self.bus = EventBus()
        self.upstream = CurlUpstreamClient(maxHostConnections: config.providers.map(\.maxConnections).max() ?? 64, logger: logger)
        self.gateway = Gateway(config: config, upstream: upstream, bus: bus, logger: logger)
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, eventLoops ?? System.coreCount))
        self.controlPlane = ControlPlane(gateway: gateway, eventLoop: group.next())
        self.accessTokens = AccessTokenRefresher(gateway: gateway)
        self.proxy = ProxyServer(gateway: gateway, maxBodyBytes: config.server.maxBodyBytes, group: group)
        self.admin = AdminServer(gateway: gateway, address: config.server.adminListen, logger: logger)
    }

    /// Starts both listeners; returns their bound ports. With `server.auth: virtual_keys` the
    /// keys are loaded first (a store that cannot be opened stops the start).
    public func start() async throws -> (proxy: Int, admin: Int) {
        if gateway.authenticator != nil {
            try await startKeyReloads()
        }
        let proxyPort = try await proxy.start(at: config.server.listen)
        let admin = self.admin
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = self.logger
        let task = Task {
            do {
                try await admin.run { port in
                    portContinuation.yield(port)
                    portContinuation.finish()
                }
            } catch {
                logger.error("admin listener stopped", metadata: ["error": "\(error)"])
            }
            portContinuation.finish()
        }
        adminTask.withLock { $0 = task }
        let checker = HealthChecker(gateway: gateway)
        let providers = config.providers
        healthTask.withLock { $0 = Task { await checker.run(providers: providers) } }
        let accessTokens = self.accessTokens
        tokenTask.withLock { $0 = Task { await accessTokens.run(providers: providers) } }
        var adminPort = 0
        for await port in portStream { adminPort = port }
        guard adminPort != 0 else {
            throw RuntimeStartError(message: "could not listen on \(config.server.adminListen) (server.admin_listen)")
        }
        return (proxyPort, adminPort)
    }

    /// Reads the accepted virtual keys again now (keys created, revoked or rotated since).
    public func reloadKeys() async throws {
        guard let authenticator = gateway.authenticator, let directory = keyDirectory.withLock({ $0 }) else { return }
        let credentials = try await directory.credentials()
        authenticator.replace(with: credentials)
        var seen = Set<String>()
        gateway.governor.updateKeys(credentials.map(\.key).filter { seen.insert($0.id).inserted })
        try await seedBudgets()
    }

    /// Reads, for budgets that started counting in this process, what their scope spent earlier in
    /// the period (usage rows), so a restart does not reset a budget.
    private func seedBudgets() async throws {
        guard let database = database.withLock({ $0 }) else { return }
        let usage = SQLiteUsageStore(database: database)
        for seed in gateway.governor.pendingSeeds() {
            gateway.governor.apply(seed, spentMicros: try await usage.spentMicros(seed.scope, fromMs: seed.fromMs, untilMs: seed.untilMs))
        }
    }

    private func startKeyReloads() async throws {
        if keyDirectory.withLock({ $0 }) == nil {
            guard case .sqlite(let path) = config.store else {
                throw RuntimeStartError(message: "server.auth: virtual_keys needs store.sqlite (the Postgres store is not supported yet)")
            }
            let opened: SignalboxDatabase
            do {
                opened = try SignalboxDatabase(path: path)
            } catch {
                throw RuntimeStartError(message: "could not open the store at \(path) (store.sqlite): \(error)")
            }
            database.withLock { $0 = opened }
            keyDirectory.withLock { $0 = SQLiteKeyStore(database: opened) }
            startUsageRecords(into: opened)
        }
        try await reloadKeys()
        logger.info("virtual keys loaded", metadata: ["credentials": "\(gateway.authenticator?.count ?? 0)"])
        // Keys change from other processes (`signalbox keys …`): read them again every 2 s, off the hot path.
        let logger = self.logger
        keyTask.withLock {
            $0 = Task { [weak self] in
                while !Task.isCancelled {
                    do {
                        try await Task.sleep(for: .seconds(2))
                        try await self?.reloadKeys()
                    } catch is CancellationError {
                        return
                    } catch {
                        logger.warning("could not reload virtual keys; the last loaded set stays in force", metadata: ["error": "\(error)"])
                    }
                }
            }
        }
    }

    /// Every finished request becomes a usage row (key, route, provider, tokens, cost), queued to
    /// the store writer; a full queue is counted and logged, never silently dropped.
    private func startUsageRecords(into database: SignalboxDatabase) {
        let writer = StoreWriter(sink: database, logger: logger)
        storeWriter.withLock { $0 = writer }
        let logger = self.logger
        gateway.observeFinished { finished in
            let usage = finished.usage
            let record = UsageRecord(
                time: Date(timeIntervalSince1970: Double(finished.timestampMs) / 1_000), requestID: finished.id.rawValue,
                keyID: finished.virtualKeyID, route: finished.requestedModel, provider: finished.provider, model: finished.model,
                status: finished.status, promptTokens: usage?.promptTokens ?? 0, completionTokens: usage?.completionTokens ?? 0,
                cachedTokens: usage?.promptTokensDetails?.cachedTokens ?? 0, reasoningTokens: usage?.completionTokensDetails?.reasoningTokens ?? 0,
                costMicros: finished.costUSD?.microdollars)
            if !writer.enqueue(.usage(record)) {
                logger.error(
                    "usage record refused: the store writer's queue is full", metadata: ["request_id": "\(finished.id)", "refused": "\(writer.rejectedCount)"])
            }
        }
    }

    /// Graceful stop: refuse new connections, let in-flight requests finish within
    /// `server.drain_timeout_s`, then cancel what is left. Returns the number of requests cut.
    public func shutdown() async -> Int {
        gateway.beginDrain()
        if let checks = healthTask.withLock({ $0 }) {
            checks.cancel()
            await checks.value
        }
        if let refresher = tokenTask.withLock({ $0 }) {
            refresher.cancel()
            await refresher.value
        }
        if let reloads = keyTask.withLock({ $0 }) {
            reloads.cancel()
            await reloads.value
        }
        await proxy.stopAccepting()
        let left = await gateway.drain(timeout: .seconds(config.server.drainTimeoutSeconds))
        upstream.shutdown()
        await admin.shutdown()
        await adminTask.withLock { $0 }?.value
        try? await group.shutdownGracefully()
        await storeWriter.withLock { $0 }?.shutdown()
        try? database.withLock { $0 }?.close()
        bus.finish()
        return left
    }
}

/// A listener could not be started.
public struct RuntimeStartError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
