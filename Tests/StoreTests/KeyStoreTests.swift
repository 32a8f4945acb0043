import Foundation
import SignalboxCore
import Store
import Synchronization
import Testing

@Suite("Virtual keys")
struct KeyStoreTests {
    @Test("create → lookup by hash → list shows no secret → revoke → lookup refuses")
    func lifecycle() async throws {
        let temp = try TemporaryDatabase()
        defer { temp.cleanup() }
        let database = try temp.open()
        defer { try? database.close() }
        let clock = TestClock()
        let store = SQLiteKeyStore(database: database, now: clock.function)

        let expiry = clock.now.addingTimeInterval(30 * 86_400)
        let created = try await store.create(
            VirtualKeyDraft(
                name: "checkout", owner: "ana", team: "payments", allowedRoutes: ["gpt-4o", "claude"], expiresAt: expiry,
                metadata: ["cost_center": .string("42")]))
        let secret = created.secret.reveal()
        #expect(secret.hasPrefix("sk-sb-"))
        #expect(secret.count == "sk-sb-".count + 32)
        #expect(secret.dropFirst(6).allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
        #expect(created.key.prefix == String(secret.prefix(10)))
        #expect("\(created.secret)".contains(secret) == false)

        guard case .valid(let found, viaPreviousSecret: false) = try await store.lookup(hash: VirtualKeyHash(secret: secret)) else {
            Issue.record("the new key was not found by its hash")
            return
        }
        #expect(found.id == created.key.id)
        #expect(found.team == "payments" && found.owner == "ana" && found.allowedRoutes == ["gpt-4o", "claude"])
        #expect(found.metadata == ["cost_center": .string("42")])
        #expect(found.expiresAt == Date(timeIntervalSince1970: (expiry.timeIntervalSince1970 * 1000).rounded(.down) / 1000))
        #expect(try await store.lookup(hash: VirtualKeyHash(secret: secret + "x")) == .unknown)

        let listed = try await store.list()
        #expect(listed.map(\.id) == [created.key.id])
        #expect(!String(describing: listed).contains(secret))
        #expect(!String(describing: listed).contains(String(secret.dropFirst(10))))
        let raw =
            try Data(contentsOf: URL(fileURLWithPath: temp.path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: temp.path + "-wal"))) ?? Data())
        #expect(raw.range(of: Data(secret.utf8)) == nil, "the secret must never reach the database file")

        clock.advance(by: 5)
        let revoked = try await store.revoke(id: created.key.id)
        #expect(revoked.revokedAt == clock.now)
        guard case .refused(_, .revoked) = try await store.lookup(hash: VirtualKeyHash(secret: secret)) else {
            Issue.record("a revoked key was not refused")
            return
        }
        #expect(try await store.list().first?.refusal(at: clock.now) == .revoked)
    }

    @Test("rotate with grace: both secrets valid until the deadline, then only the new one")
    func rotateWithGrace() async throws {
        let database = try SignalboxDatabase(path: ":memory:")
        let clock = TestClock()
        let store = SQLiteKeyStore(database: database, now: clock.function)
        let original = try await store.create(VirtualKeyDraft(name: "app"))
        let oldHash = VirtualKeyHash(secret: original.secret.reveal())

        let rotated = try await store.rotate(id: original.key.id, grace: .seconds(60))
        let newHash = VirtualKeyHash(secret: rotated.secret.reveal())
        #expect(rotated.secret != original.secret)
        #expect(rotated.key.id == original.key.id)
        #expect(rotated.key.prefix == String(rotated.secret.reveal().prefix(10)))

        #expect(try await store.lookup(hash: newHash) == .valid(rotated.key, viaPreviousSecret: false))
        #expect(try await store.lookup(hash: oldHash) == .valid(rotated.key, viaPreviousSecret: true))
        clock.advance(by: 59)
        #expect(try await store.lookup(hash: oldHash).key?.id == original.key.id)
        clock.advance(by: 1)
        #expect(try await store.lookup(hash: oldHash) == .unknown)
        #expect(try await store.lookup(hash: newHash).key?.id == original.key.id)
    }

    @Test("disabled and expired keys are refused with their reason")
    func disabledAndExpired() async throws {
        let database = try SignalboxDatabase(path: ":memory:")
        let clock = TestClock()
        let store = SQLiteKeyStore(database: database, now: clock.function)
        let expiring = try await store.create(VirtualKeyDraft(name: "short", expiresAt: clock.now.addingTimeInterval(10)))
        let hash = VirtualKeyHash(secret: expiring.secret.reveal())
        #expect(try await store.lookup(hash: hash).key != nil)
        _ = try await store.setEnabled(id: expiring.key.id, false)
        guard case .refused(_, .disabled) = try await store.lookup(hash: hash) else {
            Issue.record("not refused as disabled")
            return
        }
        _ = try await store.setEnabled(id: expiring.key.id, true)
        clock.advance(by: 10)
        guard case .refused(_, .expired) = try await store.lookup(hash: hash) else {
            Issue.record("not refused as expired")
            return
        }
    }

    @Test("revoking or rotating an unknown key is an unknown-key error; a revoked key cannot be rotated")
    func unknownAndRevoked() async throws {
        let store = SQLiteKeyStore(database: try SignalboxDatabase(path: ":memory:"))
        let unknown = await #expect(throws: StoreError.self) { try await store.revoke(id: "vk_missing") }
        #expect(unknown?.isUnknownKey == true)
        let key = try await store.create(VirtualKeyDraft(name: "gone"))
        _ = try await store.revoke(id: key.key.id)
        let revoked = await #expect(throws: StoreError.self) { try await store.rotate(id: key.key.id, grace: .seconds(1)) }
        #expect(revoked?.isKeyRevoked == true)
    }

    @Test("constant-time comparison gives the right answers")
    func constantTimeEquals() {
        let hash = VirtualKeyHash(secret: "sk-sb-abc").hex
        #expect(hash.count == 64)
        #expect(hash == "1fff6b0b3f3b95203e058048cfcae82a725ea9ef0525f054511d64c06aca9592")  // sha256sum of the same bytes
        #expect(VirtualKeyHash.constantTimeEquals(hash, hash))
        #expect(!VirtualKeyHash.constantTimeEquals(hash, String(hash.dropLast()) + (hash.last == "0" ? "1" : "0")))
        #expect(!VirtualKeyHash.constantTimeEquals(hash, String(hash.dropLast())))
        #expect(!VirtualKeyHash.constantTimeEquals(hash, ""))
        #expect(VirtualKeyHash.constantTimeEquals("", ""))
        #expect(VirtualKeyHash(secret: "sk-sb-abc").matches(hash))
        #expect(!VirtualKeyHash(secret: "sk-sb-abd").matches(hash))
        #expect(VirtualKeyHash(hex: "ABC") == nil)
        #expect(VirtualKeyHash(hex: String(repeating: "g", count: 64)) == nil)
    }

    @Test("lookup decides through the injected hash comparison (constant-time by default)")
    func lookupUsesTheComparison() async throws {
        let database = try SignalboxDatabase(path: ":memory:")
        let calls = Mutex<[String]>([])
        let spying = SQLiteKeyStore(
            database: database,
            compare: { presented, stored in
                calls.withLock { $0.append(stored) }
                return presented.matches(stored)
            })
        let created = try await spying.create(VirtualKeyDraft(name: "spied"))
        let hash = VirtualKeyHash(secret: created.secret.reveal())
        #expect(try await spying.lookup(hash: hash).key?.id == created.key.id)
        #expect(calls.withLock { $0 } == [hash.hex])

        // A comparison that says "different" makes the lookup refuse, though SQL found the row:
        // the decision is the comparison's, not the query's.
        let refusing = SQLiteKeyStore(database: database, compare: { _, _ in false })
        #expect(try await refusing.lookup(hash: hash) == .unknown)
    }
}
