/// One operator action as it goes to the persistent audit log: who (actor and role), what
/// (`provider.pause`, `keys.create`, …), on what, and details that never hold a secret.
public struct OperatorAuditRecord: Sendable, Hashable {
    /// `console`, `admin:<token id>`, `cli`.
    public var actor: String
    public var role: AdminRole
    public var action: String
    public var target: String
    public var details: [String: JSONValue]

    public init(actor: String, role: AdminRole, action: String, target: String, details: [String: JSONValue] = [:]) {
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.details = details
    }
}
