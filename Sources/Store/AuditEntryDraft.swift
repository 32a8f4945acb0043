public import Foundation
public import SignalboxCore

/// One operator action to append to the audit log.
public struct AuditEntryDraft: Sendable, Hashable {
    public var actor: String
    /// `viewer`, `operator` or `admin`: the role the actor acted with.
    public var role: String
    /// What was done, e.g. `keys.create`, `provider.pause`.
    public var action: String
    /// What it was done to, e.g. a key id or a provider id.
    public var target: String
    public var details: [String: JSONValue]
    /// When; nil means "when appended" (the log's clock).
    public var time: Date?

    public init(actor: String, role: String, action: String, target: String, details: [String: JSONValue] = [:], time: Date? = nil) {
        self.actor = actor
        self.role = role
        self.action = action
        self.target = target
        self.details = details
        self.time = time
    }
}
