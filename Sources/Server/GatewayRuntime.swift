public import Engine
import Foundation
public import Logging
import NIOCore
import NIOPosix
public import Store
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
    private let retentionTask = Mutex<Task<Void, Never>?>(nil)
    /// Usage records of answered requests, on disk before the answer goes out (see `UsageJournal`).
    private let journal = Mutex<UsageJournal?>(nil)
    /// Where virtual keys come from (`server.auth: virtual_keys`): given, or opened from `store`.
    private let keyDirectory = Mutex<(any VirtualKeyDirectory)?>(nil)
    private let database = Mutex<SignalboxDatabase?>(nil)
    /// Whether `database` was opened here (and is closed on shutdown) rather than given.
    private let ownsDatabase = Mutex(false)
    /// Why the store is not open, for the admin API's 503 answers.
    private let storeUnavailableReason = Mutex("the store is not open: it is opened with server.auth: virtual_keys or admin.tokens")
    /// Writes usage records of finished requests to the store, off the hot path.
    private let storeWriter = Mutex<StoreWriter?>(nil)
    private let storeBacklogCapacity: Int

    /// `keyDirectory`: the virtual keys to accept instead of the configured store's (tests).
    /// `database`: the store to use instead of opening `config.store` (tests); it also serves the
    /// admin API, receives the audit log and, without `keyDirectory`, supplies the virtual keys.
    /// `storeBacklogCapacity`: records the store writer may be behind before new requests are
    /// refused (503) until it catches up.
    public init(
        config: GatewayConfig, logger: Logger, eventLoops: Int? = nil, keyDirectory: (any VirtualKeyDirectory)? = nil,
        database: SignalboxDatabase? = nil, storeBacklogCapacity: Int = 10_000
    ) {
        self.storeBacklogCapacity = storeBacklogCapacity
        self.keyDirectory.withLock { $0 = keyDirectory ?? database.map { SQLiteKeyStore(database: $0) } }
        self.database.withLock { $0 = database }
        self.config = config
        self.logger = logger
        self.bus = EventBus()
        self.upstream = CurlUpstreamClient(maxHostConnections: config.providers.map(\.maxConnections).max() ?? 64, logger: logger)
        self.gateway = Gateway(config: config, upstream: upstream, bus: bus, logger: logger)
        self.group = MultiThreadedEventLoopGroup(numberOfThreads: max(1, eventLoops ?? System.coreCount))
        self.controlPlane = ControlPlane(gateway: gateway, eventLoop: group.next())
        self.accessTokens = AccessTokenRefresher(gateway: gateway)
        self.proxy = ProxyServer(gateway: gateway, maxBodyBytes: config.server.maxBodyBytes, group: group)
        self.admin = AdminServer(
            gateway: gateway, controlPlane: controlPlane, address: config.server.adminListen, tokens: config.admin.tokens, logger: logger)
    }

    /// Starts both listeners; returns their bound ports. The store is opened first when something
    /// needs it (`server.auth: virtual_keys`, `admin.tokens`); with it open, operator actions go to
    /// its audit log. With `server.auth: virtual_keys` the keys are loaded before listening (a store
    /// that cannot be opened stops the start).
    public func start() async throws -> (proxy: Int, admin: Int) {
        try openStoreIfNeeded()
        try await recoverJournal()
        try await loadCache()
        if gateway.authenticator != nil {
            try await startKeyReloads()
        }
        let proxyPort = try await proxy.start(at: config.server.listen)
        let admin = self.admin
        let backends = AdminBackends(
            database: database.withLock { $0 }, storeUnavailableReason: storeUnavailableReason.withLock { $0 },
            requests: ControlPlaneRequestHistory(controlPlane: controlPlane, capacity: config.control.recentRequests),
            requestLog: config.requestLog.enabled ? database.withLock { $0 }.map(SQLiteRequestLog.init(database:)) : nil,
            routeNames: Set(config.models.map(\.name)), budgets: { [gateway] in gateway.governor.budgets() },
            flushStore: { [weak self, logger] in
                do {
                    try await self?.flushStore()
                } catch {
                    logger.warning("request log search without the latest rows: the store write failed", metadata: ["error": "\(error)"])
                }
            },
            reloadKeys: { [weak self, logger] in
                do {
                    try await self?.reloadKeys()
                } catch {
                    logger.warning("could not reload virtual keys after an admin change; the periodic reload retries", metadata: ["error": "\(error)"])
                }
            })
        let (portStream, portContinuation) = AsyncStream.makeStream(of: Int.self)
        let logger = self.logger
        let task = Task {
            do {
                try await admin.run(backends: backends) { port in
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

    /// The exact cache's entries from the store (live ones, up to the cache's size), and from now
    /// on every stored answer and purge is written back.
    private func loadCache() async throws {
        guard let cache = gateway.exactCache, let database = database.withLock({ $0 }), let writer = storeWriter.withLock({ $0 }) else { return }
        let records = try await SQLiteCacheStore(database: database).load(limit: cache.maxEntries, nowMs: Date().milliseconds)
        gateway.persistCache(to: StoreResponseCache(writer: writer), loading: StoreResponseCache.entries(records))
        if !records.isEmpty { logger.info("response cache loaded from the store", metadata: ["entries": "\(records.count)"]) }
    }

    /// Opens `config.store` when virtual keys (without a given directory) or the admin API need it;
    /// then attaches its audit log to the control plane and starts the usage records.
    private func openStoreIfNeeded() throws {
        let keysNeedStore = gateway.authenticator != nil && keyDirectory.withLock({ $0 }) == nil
        let adminNeedsStore = !config.admin.tokens.isEmpty
        let cacheNeedsStore = gateway.exactCache != nil
        if database.withLock({ $0 }) == nil, keysNeedStore || adminNeedsStore || cacheNeedsStore {
            guard case .sqlite(let path) = config.store else {
                if !keysNeedStore && !adminNeedsStore {
                    logger.warning("the response cache is kept in memory only: persisting it needs store.sqlite")
                    return
                }
                if keysNeedStore {
                    throw RuntimeStartError(message: "server.auth: virtual_keys needs store.sqlite (the Postgres store is not supported yet)")
                }
                let reason = "the admin API's virtual keys and audit log need store.sqlite (the Postgres store is not supported yet)"
                storeUnavailableReason.withLock { $0 = reason }
                logger.warning("operator actions are not audited: \(reason)")
                return
            }
            let opened: SignalboxDatabase
            do {
                opened = try SignalboxDatabase(path: path)
            } catch {
                throw RuntimeStartError(message: "could not open the store at \(path) (store.sqlite): \(error)")
            }
            database.withLock { $0 = opened }
            ownsDatabase.withLock { $0 = true }
            if keysNeedStore { keyDirectory.withLock { $0 = SQLiteKeyStore(database: opened) } }
        }
        guard let opened = database.withLock({ $0 }) else { return }
        controlPlane.recordActions(to: SQLiteAuditLog(database: opened))
        startUsageRecords(into: opened)
    }

    private func startKeyReloads() async throws {
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

    /// Every routed request becomes a usage row (key, route, provider, tokens, cost) and every
    /// request a row of the request log (with its bodies per `request_log.bodies`), queued to the
    /// store writer; a full queue is counted and logged.
    private func startUsageRecords(into database: SignalboxDatabase) {
        if database.path != ":memory:" {
            do {
                let opened = try UsageJournal(databasePath: database.path)
                journal.withLock { $0 = opened }
            } catch {
                logger.error("no usage journal: usage rows of answered requests may be lost in a crash", metadata: ["error": "\(error)"])
            }
        }
        let journal = self.journal.withLock { $0 }
        // Batches gather for up to 100 ms or 1,024 records (a flush ends the wait at once): under
        // load that is one commit, and one write of each touched page to the WAL, for hundreds of
        // rows — per row, the request log's nine indexes cost a fraction of a page write each
        // instead of whole pages. The usage journal keeps usage rows safe across a crash meanwhile.
        let gateway = self.gateway
        let pending = Mutex<StoreWriter?>(nil)
        let writer = StoreWriter(
            sink: database, capacity: storeBacklogCapacity, batchLimit: 1_024, gatherDelay: .milliseconds(100), logger: logger,
            onCommitted: { batch in
                guard let journal else { return }
                var committed: [Int: Int] = [:]
                for case .usage(let record) in batch { if let generation = record.journalGeneration { committed[generation, default: 0] += 1 } }
                for (generation, count) in committed { journal.committed(generation: generation, count: count) }
            },
            onBacklogChange: { backlogged in
                // Fail closed: no new requests while the store cannot record what they use.
                gateway.setStoreBacklog(backlogged, pending: pending.withLock { $0 }?.pendingCount ?? 0)
            })
        pending.withLock { $0 = writer }
        storeWriter.withLock { $0 = writer }
        let logger = self.logger
        let requestLog = config.requestLog
        if requestLog.enabled {
            let log = SQLiteRequestLog(database: database)
            startRetention(log, requestLog, database: database)
            controlPlane.replayFromArchive(RequestLogArchive(log: log) { try await writer.flush() })
        }
        gateway.observeFinished { finished, bodies in
            if requestLog.enabled {
                let record = Self.requestLogRecord(finished, bodies: bodies, capture: requestLog.bodies)
                if !writer.enqueue(.request(record)) {
                    logger.error("request log record after the store writer stopped", metadata: ["request_id": "\(finished.id)"])
                }
            }
        }
        // Requests refused before routing (401, 403, 429, 400) used nothing; every routed one gets
        // a usage row, journaled before its answer is written so that it survives a crash.
        gateway.observeUsage { report in
            var record = UsageRecord(
                time: Date(milliseconds: Int64(report.timestampMs)), requestID: report.id.rawValue, keyID: report.virtualKeyID,
                route: report.route, provider: report.provider, model: report.model, status: report.status,
                promptTokens: report.usage?.promptTokens ?? 0, completionTokens: report.usage?.completionTokens ?? 0,
                cachedTokens: report.usage?.promptTokensDetails?.cachedTokens ?? 0,
                reasoningTokens: report.usage?.completionTokensDetails?.reasoningTokens ?? 0, costMicros: report.costMicros)
            do {
                record.journalGeneration = try journal?.append(record)
            } catch {
                logger.error("usage journal write failed; the row is queued without it", metadata: ["request_id": "\(report.id)", "error": "\(error)"])
            }
            if !writer.enqueue(.usage(record)) {
                logger.error("usage record after the store writer stopped; its journal line is recovered at the next start", metadata: ["request_id": "\(report.id)"])
            }
        }
    }

    /// Rows a crashed process journaled but did not commit are inserted before serving.
    private func recoverJournal() async throws {
        guard let journal = journal.withLock({ $0 }), let database = database.withLock({ $0 }) else { return }
        let recovered = try await journal.recover(into: database)
        if recovered > 0 { logger.notice("usage rows recovered from the journal of an earlier run", metadata: ["rows": "\(recovered)"]) }
    }

    /// Trims the request log to its retention now and every hour, off the hot path.
    private func startRetention(_ log: SQLiteRequestLog, _ config: RequestLogConfig, database: SignalboxDatabase) {
        let logger = self.logger
        retentionTask.withLock {
            $0 = Task {
                while !Task.isCancelled {
                    let nowMs = Date().milliseconds
                    do {
                        let removed = try await log.purge(
                            metadataBeforeMs: nowMs - Int64(config.metadataRetentionDays) * 86_400_000,
                            bodiesBeforeMs: nowMs - Int64(config.bodyRetentionDays) * 86_400_000)
                        if removed.metadata + removed.bodies > 0 {
                            logger.info("request log trimmed", metadata: ["rows": "\(removed.metadata)", "bodies": "\(removed.bodies)"])
                        }
                        try database.optimize()
                    } catch {
                        logger.warning("could not trim the request log", metadata: ["error": "\(error)"])
                    }
                    try? await Task.sleep(for: .seconds(3_600))
                }
            }
        }
    }

    static func requestLogRecord(_ finished: RequestFinished, bodies: FinishedBodies?, capture: RequestLogConfig.BodyCapture) -> RequestLogRecord {
        var record = RequestLogRecord(
            requestID: finished.id.rawValue, timeMs: Int64(finished.timestampMs), keyID: finished.virtualKeyID, endpoint: finished.endpoint.rawValue,
            route: finished.requestedModel, provider: finished.provider, model: finished.model, status: finished.status,
            attempts: finished.attempts, stream: finished.stream, latencyMs: finished.latencyMs, overheadUs: Int64(finished.timings.overhead / 1_000),
            promptTokens: finished.usage?.promptTokens ?? 0, completionTokens: finished.usage?.completionTokens ?? 0,
            costMicros: finished.costMicros ?? finished.costUSD?.microdollars, cache: finished.cache, errorMessage: finished.errorMessage, providerRequestID: finished.providerRequestID,
            replayOf: bodies?.replayOf?.rawValue)
        if capture != .off, let bodies {
            record.requestBody = String(buffer: bodies.request)
            record.responseBody = String(buffer: bodies.response)
            record.bodyCapture = capture
            record.requestBodyLength = bodies.requestLength
        }
        return record
    }

    /// Returns when every usage and request-log record queued so far is committed (none without a store).
    public func flushStore() async throws {
        try await storeWriter.withLock { $0 }?.flush()
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
        if let retention = retentionTask.withLock({ $0 }) {
            retention.cancel()
            await retention.value
        }
        await proxy.stopAccepting()
        let left = await gateway.drain(timeout: .seconds(config.server.drainTimeoutSeconds))
        upstream.shutdown()
        await admin.shutdown()
        await adminTask.withLock { $0 }?.value
        try? await group.shutdownGracefully()
        if let writer = storeWriter.withLock({ $0 }), await writer.shutdown() == 0 {
            // Everything journaled is in the database.
            journal.withLock { $0 }?.removeAll()
        }
        if ownsDatabase.withLock({ $0 }) { try? database.withLock { $0 }?.close() }
        bus.finish()
        return left
    }
}

/// A listener could not be started.
public struct RuntimeStartError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
