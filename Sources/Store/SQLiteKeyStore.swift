public import Foundation
import GRDB
public import SignalboxCore

/// `KeyStore` on the SQLite database. The hot path never calls it: the gateway's auth cache does,
/// on a miss, and keeps the answer in memory.
public struct SQLiteKeyStore: KeyStore {
    /// Compares a presented hash with a stored one. Constant-time by default; injectable so tests can
    /// prove that the lookup path goes through it.
    public typealias HashComparison = @Sendable (_ presented: VirtualKeyHash, _ stored: String) -> Bool

    let database: SignalboxDatabase
    private let now: @Sendable () -> Date
    private let compare: HashComparison
    private let makeSecret: @Sendable () -> Secret

    public init(
        database: SignalboxDatabase, now: @escaping @Sendable () -> Date = { Date() },
        compare: @escaping HashComparison = { presented, stored in presented.matches(stored) }
    ) {
        self.init(database: database, now: now, compare: compare, makeSecret: { VirtualKeySecret.generate() })
    }

    init(
        database: SignalboxDatabase, now: @escaping @Sendable () -> Date, compare: @escaping HashComparison,
        makeSecret: @escaping @Sendable () -> Secret
    ) {
        self.database = database
        self.now = now
        self.compare = compare
        self.makeSecret = makeSecret
    }

    public func create(_ draft: VirtualKeyDraft) async throws -> CreatedVirtualKey {
        try await create(draft, auditedAs: nil)
    }

    /// Creates a key and, with `author`, appends its `keys.create` audit entry in the same
    /// transaction: the key exists exactly when its entry does.
    public func create(_ draft: VirtualKeyDraft, auditedAs author: AuditActor?) async throws -> CreatedVirtualKey {
        let secret = makeSecret()
        var row = VirtualKeyRow(
            id: "vk_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16),
            name: draft.name, prefix: VirtualKeySecret.displayPrefix(of: secret), hash: VirtualKeyHash(secret: secret.reveal()).hex,
            previousHash: nil, previousValidUntilMs: nil, owner: draft.owner, team: draft.team,
            allowedRoutes: try Self.json(draft.allowedRoutes), expiresAtMs: draft.expiresAt?.milliseconds,
            metadata: try Self.json(draft.metadata), enabled: true, createdAtMs: now().milliseconds, rotatedAtMs: nil, revokedAtMs: nil,
            limits: nil, budget: nil)
        try row.setGovernance(limits: draft.limits, routeLimits: draft.routeLimits, budget: draft.budget)
        let inserted = row
        let key = try row.virtualKey()
        let entry = try author.map { try Self.auditEntry(.create, key: key, by: $0) }
        let time = now()
        try await database.writer.write { db in
            try inserted.insert(db)
            if let entry { _ = try SQLiteAuditLog.append(entry.draft, time: time, details: entry.details, in: db) }
        }
        return CreatedVirtualKey(key: key, secret: secret)
    }

    public func list() async throws -> [VirtualKey] {
        try await database.writer.read { db in
            try VirtualKeyRow.order(VirtualKeyRow.Columns.createdAtMs.desc).fetchAll(db).map { try $0.virtualKey() }
        }
    }

    public func key(id: String) async throws -> VirtualKey? {
        try await database.writer.read { db in try VirtualKeyRow.fetchOne(db, key: id)?.virtualKey() }
    }

    public func revoke(id: String) async throws -> VirtualKey {
        try await revoke(id: id, auditedAs: nil)
    }

    /// Revokes a key; with `author`, its `keys.revoke` entry commits with the change.
    public func revoke(id: String, auditedAs author: AuditActor?) async throws -> VirtualKey {
        let nowMs = now().milliseconds
        return try await update(id: id, audit: author.map { ($0, .revoke) }) { row in
            if row.revokedAtMs == nil { row.revokedAtMs = nowMs }
        }
    }

    public func setEnabled(id: String, _ enabled: Bool) async throws -> VirtualKey {
        try await setEnabled(id: id, enabled, auditedAs: nil)
    }

    /// Enables or disables a key; with `author`, its `keys.enable`/`keys.disable` entry commits with the change.
    public func setEnabled(id: String, _ enabled: Bool, auditedAs author: AuditActor?) async throws -> VirtualKey {
        try await update(id: id, audit: author.map { ($0, enabled ? .enable : .disable) }) { row in row.enabled = enabled }
    }

    public func setGovernance(id: String, limits: RateLimits, routeLimits: [String: RateLimits], budget: BudgetPolicy?) async throws -> VirtualKey {
        try await setGovernance(id: id, limits: limits, routeLimits: routeLimits, budget: budget, auditedAs: nil)
    }

    /// Replaces a key's limits and budget; with `author`, its `keys.limits` entry commits with the change.
    public func setGovernance(
        id: String, limits: RateLimits, routeLimits: [String: RateLimits], budget: BudgetPolicy?, auditedAs author: AuditActor?
    ) async throws -> VirtualKey {
        try await update(id: id, audit: author.map { ($0, .limits) }) { row in
            try row.setGovernance(limits: limits, routeLimits: routeLimits, budget: budget)
        }
    }

    public func rotate(id: String, grace: Duration) async throws -> CreatedVirtualKey {
        try await rotate(id: id, grace: grace, auditedAs: nil)
    }

    /// Rotates a key; with `author`, its `keys.rotate` entry (key and grace, never a secret) commits with the change.
    public func rotate(id: String, grace: Duration, auditedAs author: AuditActor?) async throws -> CreatedVirtualKey {
        let secret = makeSecret()
        let nowMs = now().milliseconds
        let graceMs = grace.components.seconds * 1000 + grace.components.attoseconds / 1_000_000_000_000_000
        let key = try await update(id: id, audit: author.map { ($0, .rotate(graceSeconds: grace.components.seconds)) }) { row in
            guard row.revokedAtMs == nil else { throw StoreError.keyRevoked(id) }
            row.previousHash = row.hash
            row.previousValidUntilMs = nowMs + graceMs
            row.hash = VirtualKeyHash(secret: secret.reveal()).hex
            row.prefix = VirtualKeySecret.displayPrefix(of: secret)
            row.rotatedAtMs = nowMs
        }
        return CreatedVirtualKey(key: key, secret: secret)
    }

    public func lookup(hash: VirtualKeyHash) async throws -> VirtualKeyLookup {
        let presented = hash.hex
        let rows = try await database.writer.read { db in
            try VirtualKeyRow.filter(VirtualKeyRow.Columns.hash == presented || VirtualKeyRow.Columns.previousHash == presented).fetchAll(db)
        }
        let now = now()
        // The index finds the candidate; the decision compares the hashes in constant time.
        for row in rows {
            let current = compare(hash, row.hash)
            let previous =
                !current && row.previousHash.map { compare(hash, $0) } == true
                && (row.previousValidUntilMs ?? .min) > now.milliseconds
            guard current || previous else { continue }
            let key = try row.virtualKey()
            if let refusal = key.refusal(at: now) { return .refused(key, refusal) }
            return .valid(key, viaPreviousSecret: previous)
        }
        return .unknown
    }

    private func update(
        id: String, audit: (author: AuditActor, change: KeyChange)? = nil, _ change: @escaping @Sendable (inout VirtualKeyRow) throws -> Void
    ) async throws -> VirtualKey {
        let time = now()
        return try await database.writer.write { db in
            guard var row = try VirtualKeyRow.fetchOne(db, key: id) else { throw StoreError.unknownKey(id) }
            try change(&row)
            try row.update(db)
            let key = try row.virtualKey()
            if let audit {
                let entry = try Self.auditEntry(audit.change, key: key, by: audit.author)
                _ = try SQLiteAuditLog.append(entry.draft, time: time, details: entry.details, in: db)
            }
            return key
        }
    }

    /// A key change as the audit log names it.
    enum KeyChange: Sendable {
        case create, revoke, enable, disable, limits
        case rotate(graceSeconds: Int64)

        var action: String {
            switch self {
            case .create: "keys.create"
            case .revoke: "keys.revoke"
            case .enable: "keys.enable"
            case .disable: "keys.disable"
            case .rotate: "keys.rotate"
            case .limits: "keys.limits"
            }
        }
    }

    /// The audit entry for `change` of `key`: what identifies the key, never its secret or hash.
    static func auditEntry(_ change: KeyChange, key: VirtualKey, by author: AuditActor) throws -> (draft: AuditEntryDraft, details: String) {
        var details: [String: JSONValue] = ["name": .string(key.name)]
        switch change {
        case .create:
            details["prefix"] = .string(key.prefix)
            if let owner = key.owner { details["owner"] = .string(owner) }
            if let team = key.team { details["team"] = .string(team) }
            if !key.allowedRoutes.isEmpty { details["routes"] = .array(key.allowedRoutes.map(JSONValue.string)) }
            if let expiresAt = key.expiresAt { details["expires_at"] = .string(expiresAt.formatted(.iso8601)) }
            if key.governanceSummary != "-" { details["limits"] = .string(key.governanceSummary) }
        case .limits:
            details["limits"] = .string(key.governanceSummary)
        case .rotate(let graceSeconds):
            details["grace_seconds"] = .number(Double(graceSeconds))
        case .revoke, .enable, .disable:
            break
        }
        let draft = AuditEntryDraft(actor: author.actor, role: author.role, action: change.action, target: key.id, details: details)
        return (draft, try AuditChain.canonicalDetails(details))
    }

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try SharedJSONCoders.encoder.encode(value), as: UTF8.self)
    }
}
