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
    /// Reloads the gateway's accepted virtual keys now (instead of at the next periodic reload).
    public var reloadKeys: @Sendable () async -> Void

    public init(
        database: SignalboxDatabase?, storeUnavailableReason: String, requests: any RequestHistory, reloadKeys: @escaping @Sendable () async -> Void
    ) {
        self.database = database
        self.storeUnavailableReason = storeUnavailableReason
        self.requests = requests
        self.reloadKeys = reloadKeys
    }
}
