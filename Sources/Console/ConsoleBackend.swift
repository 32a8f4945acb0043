public import Engine
public import SignalboxCore

/// What the console needs from the engine: the event stream and the control plane. Nothing else
/// of the engine is visible to the console.
public protocol ConsoleBackend: Sendable {
    /// A bounded subscription to the event bus (the console drains it once per frame).
    func subscribe(capacity: Int) -> EventSubscription
    /// Current providers with their keys (masked) and pause state.
    func providers() -> [ProviderSnapshot]
    /// A recent request from the engine's in-memory ring, if still there.
    func recordedRequest(_ id: RequestID) -> RecordedExchange?
    /// Every budget now (keys', teams', the gateway's). Called from effect tasks, at most about once
    /// a second, never from the terminal thread.
    func budgets() -> [BudgetStatus]
    /// The newest `limit` persisted audit entries, newest first; nil when the store is not open (the
    /// console then shows only this session's actions).
    func auditEntries(limit: Int) async throws -> [OperatorAuditEntrySummary]?
    /// Walks the persisted audit chain (on the operator's request only); nil without a store.
    func verifyAuditChain() async throws -> OperatorAuditChainCheck?
    /// The response cache's size and counters; nil when no route caches responses. Called from
    /// effect tasks about once a second while the Cache view is shown, never from the terminal thread.
    func cacheStats() -> CacheStatsSnapshot?
    /// Executes an operator command on behalf of `actor`.
    func execute(_ command: OperatorCommand, actor: String) async -> OperatorOutcome
    /// True when operator actions are disabled (`--readonly`).
    var isReadOnly: Bool { get }
}
