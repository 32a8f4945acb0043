public import Engine
public import Store

/// What the admin API works on besides the control plane: the store (nil when it is not open, with
/// the reason the store-backed endpoints answer 503 with), the request history, and a hook that
/// makes key changes take effect at once.
public struct AdminBackends: Sendable {
    public var database: SignalboxDatabase?
    /// Why `database` is nil, for the 503 answer.
    public var storeUnavailableReason: String
    public var requests: any RequestHistory
    /// The persistent request log (searchable), when the store is open and `request_log.enabled`.
    public var requestLog: SQLiteRequestLog?
    /// The gateway's route names (a budget may downgrade only to one of them).
    public var routeNames: Set<String>
    /// Budgets now (`GET /admin/v1/budgets`).
    public var budgets: @Sendable () -> [BudgetStatus]
    /// Waits until the store has every record queued so far (a search sees requests already answered).
    public var flushStore: @Sendable () async -> Void
    /// Reloads the gateway's accepted virtual keys now (instead of at the next periodic reload).
    public var reloadKeys: @Sendable () async -> Void

    public init(
        database: SignalboxDatabase?, storeUnavailableReason: String, requests: any RequestHistory, requestLog: SQLiteRequestLog? = nil,
        routeNames: Set<String> = [], budgets: @escaping @Sendable () -> [BudgetStatus] = { [] }, flushStore: @escaping @Sendable () async -> Void = {},
        reloadKeys: @escaping @Sendable () async -> Void
    ) {
        self.flushStore = flushStore
        self.requestLog = requestLog
        self.routeNames = routeNames
        self.budgets = budgets
        self.database = database
        self.storeUnavailableReason = storeUnavailableReason
        self.requests = requests
        self.reloadKeys = reloadKeys
    }
}
