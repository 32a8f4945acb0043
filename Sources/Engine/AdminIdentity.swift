public import SignalboxCore

/// The holder of an admin API token: its configured id and role. Never the token itself.
public struct AdminIdentity: Sendable, Hashable {
    public var id: String
    public var role: AdminRole

    public init(id: String, role: AdminRole) {
        self.id = id
        self.role = role
    }

    /// How the audit log and the action log name this holder.
    public var actor: String { "admin:" + id }
}
