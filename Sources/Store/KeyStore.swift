public import SignalboxCore

/// Virtual keys: created with a secret shown once, stored as hashes, looked up by hash.
public protocol KeyStore: Sendable {
    /// Creates a key and returns its secret, the only time the secret is available.
    func create(_ draft: VirtualKeyDraft) async throws -> CreatedVirtualKey
    /// Every key, newest first, without secrets or hashes.
    func list() async throws -> [VirtualKey]
    func key(id: String) async throws -> VirtualKey?
    /// Marks a key revoked; it is refused from then on (the record stays for the audit trail).
    func revoke(id: String) async throws -> VirtualKey
    /// Enables or disables a key without revoking it.
    func setEnabled(id: String, _ enabled: Bool) async throws -> VirtualKey
    /// Replaces a key's rate limits (its own and per route) and budget.
    func setGovernance(id: String, limits: RateLimits, routeLimits: [String: RateLimits], budget: BudgetPolicy?) async throws -> VirtualKey
    /// Gives a key a new secret. The old secret keeps working for `grace`, then only the new one does.
    func rotate(id: String, grace: Duration) async throws -> CreatedVirtualKey
    /// The key whose current (or, within its grace, previous) secret hashes to `hash`.
    func lookup(hash: VirtualKeyHash) async throws -> VirtualKeyLookup
}
