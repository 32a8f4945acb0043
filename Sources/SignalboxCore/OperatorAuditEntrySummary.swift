/// One persisted audit entry as the console lists it: who did what to what, and how it ended.
/// Built by the store from its hash-chained row; `details` is already flattened to text and, like
/// the row it comes from, never holds a secret.
public struct OperatorAuditEntrySummary: Sendable, Hashable {
    /// The entry's id in the chain (ascending, never reused).
    public var sequence: Int64
    /// Milliseconds since the Unix epoch.
    public var timestampMs: Int64
    /// `console`, `admin:<token id>`, `cli`.
    public var actor: String
    /// `viewer`, `operator` or `admin`.
    public var role: String
    /// `provider.pause`, `keys.create`, …
    public var action: String
    /// A provider id, `provider/key`, a virtual key id, a request id.
    public var target: String
    /// The remaining details as `name=value` pairs in name order (the outcome left out).
    public var details: String
    /// `done` or `refused`. Key changes are written in the transaction that makes them, so an
    /// entry without an outcome in its details was done.
    public var outcome: String

    public init(
        sequence: Int64, timestampMs: Int64, actor: String, role: String, action: String, target: String, details: String, outcome: String
    ) {
        self.sequence = sequence
        self.timestampMs = timestampMs
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.details = details
        self.outcome = outcome
    }

    public var succeeded: Bool { outcome != "refused" }
}
