/// The tamper-evident log of operator actions: every entry is chained to the previous one by hash.
public protocol AuditLog: Sendable {
    /// Appends one entry. Appends are serialized, so the chain never forks.
    @discardableResult
    func append(_ draft: AuditEntryDraft) async throws -> AuditEntry
    /// Entries with id greater than `afterID`, oldest first, at most `limit`.
    func entries(after afterID: Int64, limit: Int) async throws -> [AuditEntry]
    /// The newest `limit` entries, newest first.
    func recent(limit: Int) async throws -> [AuditEntry]
    /// Walks the whole chain and reports the first bad entry.
    func verify() async throws -> AuditVerification
}
