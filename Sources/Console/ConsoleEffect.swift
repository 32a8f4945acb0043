public import SignalboxCore

/// What the console model asks its runner to do after handling a key. The model itself never
/// performs I/O: the runner executes effects and feeds results back (`ConsoleModel.apply…`).
public enum ConsoleEffect: Sendable, Hashable {
    /// Leave the console (restore the terminal).
    case quit
    /// Run an operator command through the control plane; its outcome comes back to the model.
    case execute(OperatorCommand)
    /// Rotate a provider key with a secret the runner must first read (environment variable or
    /// file), then execute `.rotateKey`. Typed secrets go straight through `.execute`.
    case rotateKey(provider: String, key: String, source: SecretSource, graceSeconds: Int?)
    /// Fetch a recorded request (bodies, headers) for the inspector.
    case loadRequest(RequestID)
    /// Fetch fresh provider snapshots (keys, pause state).
    case refreshProviders
    /// Fetch every budget's state (Keys & Budgets view, overview budget panel).
    case refreshBudgets
    /// Fetch the newest `limit` persisted audit entries (Audit view).
    case loadAudit(limit: Int)
    /// Walk the persisted audit chain (`v` in the Audit view): reads every entry, so only on request.
    case verifyAuditChain
    /// Fetch the response cache's size and counters (Cache view).
    case refreshCacheStats
}
