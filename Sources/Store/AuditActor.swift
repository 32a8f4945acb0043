/// Who makes a key change, for the audit entry written in the same transaction as the change.
public struct AuditActor: Sendable, Hashable {
    /// `cli`, `admin:<token id>`, …
    public var actor: String
    /// `viewer`, `operator` or `admin`.
    public var role: String

    public init(actor: String, role: String) {
        self.actor = actor
        self.role = role
    }
}
