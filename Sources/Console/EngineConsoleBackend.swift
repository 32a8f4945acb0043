public import Engine
public import SignalboxCore

/// The console's view of a running gateway: its event bus and its control plane. With `readOnly`
/// (`--readonly`) every operator command is refused here as well, whatever the model shows.
public struct EngineConsoleBackend: ConsoleBackend {
    private let bus: EventBus
    private let controlPlane: ControlPlane
    public let isReadOnly: Bool

    public init(bus: EventBus, controlPlane: ControlPlane, readOnly: Bool) {
        self.bus = bus
        self.controlPlane = controlPlane
        self.isReadOnly = readOnly
    }

    public func subscribe(capacity: Int) -> EventSubscription {
        bus.subscribe(capacity: capacity)
    }

    public func providers() -> [ProviderSnapshot] {
        controlPlane.providers()
    }

    public func recordedRequest(_ id: RequestID) -> RecordedExchange? {
        controlPlane.recordedRequest(id)
    }

    public func budgets() -> [BudgetStatus] {
        controlPlane.budgets()
    }

    public func auditEntries(limit: Int) async throws -> [OperatorAuditEntrySummary]? {
        try await controlPlane.auditEntries(limit: limit)
    }

    public func verifyAuditChain() async throws -> OperatorAuditChainCheck? {
        try await controlPlane.verifyAuditChain()
    }

    public func cacheStats() -> CacheStatsSnapshot? {
        controlPlane.cacheStats().map { reported in
            CacheStatsSnapshot(
                entries: reported.stats.entries, maxEntries: reported.maxEntries, bytes: reported.stats.bytes, maxBytes: reported.maxBytes,
                hits: reported.stats.hits, misses: reported.stats.misses, evictions: reported.stats.evictions,
                expirations: reported.stats.expirations)
        }
    }

    public func execute(_ command: OperatorCommand, actor: String) async -> OperatorOutcome {
        guard !isReadOnly else { return .refused("the console is read-only (--readonly): \(command) was not run") }
        // The console acts as an operator; the control plane audits the command with that role.
        return await controlPlane.execute(command, actor: actor, role: .operator)
    }
}
