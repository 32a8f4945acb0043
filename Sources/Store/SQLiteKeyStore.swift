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
        try await database.writer.write { db in try inserted.insert(db) }
        return CreatedVirtualKey(key: try row.virtualKey(), secret: secret)
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
        let nowMs = now().milliseconds
        return try await update(id: id) { row in
            if row.revokedAtMs == nil { row.revokedAtMs = nowMs }
        }
    }

    public func setEnabled(id: String, _ enabled: Bool) async throws -> VirtualKey {
        try await update(id: id) { row in row.enabled = enabled }
    }

    public func setGovernance(id: String, limits: RateLimits, routeLimits: [String: RateLimits], budget: BudgetPolicy?) async throws -> VirtualKey {
        try await update(id: id) { row in try row.setGovernance(limits: limits, routeLimits: routeLimits, budget: budget) }
    }

    public func rotate(id: String, grace: Duration) async throws -> CreatedVirtualKey {
        let secret = makeSecret()
        let nowMs = now().milliseconds
        let graceMs = grace.components.seconds * 1000 + grace.components.attoseconds / 1_000_000_000_000_000
        let key = try await update(id: id) { row in
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

    private func update(id: String, _ change: @escaping @Sendable (inout VirtualKeyRow) throws -> Void) async throws -> VirtualKey {
        try await database.writer.write { db in
            guard var row = try VirtualKeyRow.fetchOne(db, key: id) else { throw StoreError.unknownKey(id) }
            try change(&row)
            try row.update(db)
            return try row.virtualKey()
        }
    }

    private static func json(_ value: some Encodable) throws -> String {
        String(decoding: try SharedJSONCoders.encoder.encode(value), as: UTF8.self)
    }
}
