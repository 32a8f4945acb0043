public import Foundation
public import SignalboxCore

/// An appended audit entry, with its place in the hash chain.
public struct AuditEntry: Sendable, Hashable {
    public let id: Int64
    public let time: Date
    public let actor: String
    public let role: String
    public let action: String
    public let target: String
    public let details: [String: JSONValue]
    /// The previous entry's `hash` (64 zeros for the first entry).
    public let prevHash: String
    /// SHA-256 of `prevHash` followed by this entry's canonical bytes.
    public let hash: String
}
