import Engine
import Foundation
import MockProvider
import Server
import SignalboxCore
import Store
import Testing
import Upstream

/// `server.auth: virtual_keys` end to end: keys created in a real SQLite store, the gateway's
/// in-memory auth cache loaded from it, requests over loopback.
@Suite("Virtual key authentication")
struct VirtualKeyAuthTests {
    static let chat = #"{"model":"gpt-test","messages":[{"role":"user","content":"hello"}]}"#

    /// A fresh store in a temporary file.
    static func store() throws -> (SQLiteKeyStore, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-auth-\(UUID().uuidString).db")
        return (SQLiteKeyStore(database: try SignalboxDatabase(path: url.path)), url)
    }

    @Test("no key, an unknown key and a revoked key get 401; a valid key is served and never reaches the provider")
    func authenticate() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        let created = try await store.create(VirtualKeyDraft(name: "billing"))
        let secret = created.secret.reveal()
        let harness = try await GatewayHarness.start(keyDirectory: store)
        let missing = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: nil))
        let unknown = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: "sk-sb-not-a-real-key"))
        let served = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: secret))
        // The missing-key, unknown-key and served requests finish in order; the client may have its
        // answer a moment before the event is published, so await it.
        var finished: RequestFinished?
        for _ in 0..<3 { finished = await harness.nextFinished() }
        var viaAPIKey = harness.request("/chat/completions", body: Self.chat, clientKey: nil)
        viaAPIKey.headers.append(HTTPField("x-api-key", secret))
        let servedViaAPIKey = try await harness.send(viaAPIKey)
        let modelsWithout = try await harness.send(harness.request("/models", body: "", method: .get, clientKey: nil))
        let modelsWith = try await harness.send(harness.request("/models", body: "", method: .get, clientKey: secret))
        _ = try await store.revoke(id: created.key.id)
        try await harness.runtime.reloadKeys()
        let revoked = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: secret))
        let recorded = harness.mock.recordedRequests
        await harness.stop()

        #expect(missing.status == 401)
        #expect(missing.body.contains("Missing API key"))
        #expect(missing.body.contains("authentication_error"))
        #expect(unknown.status == 401)
        #expect(unknown.body.contains("Incorrect API key"))
        #expect(!unknown.body.contains("sk-sb-not-a-real-key"), "the presented key is never echoed")
        #expect(served.status == 200, "\(served.body)")
        #expect(finished?.virtualKeyID == created.key.id, "the finish event names the key by id")
        #expect(servedViaAPIKey.status == 200)
        #expect(modelsWithout.status == 401)
        #expect(modelsWith.status == 200)
        #expect(revoked.status == 401)
        #expect(recorded.count == 2, "only the two authenticated requests went upstream")
        #expect(!recorded.contains { $0.headers.values.contains { $0.contains(secret) } })
    }

    @Test("a key limited to some routes gets 403 elsewhere; a disabled key gets 401 naming why")
    func authorize() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        let limited = try await store.create(VirtualKeyDraft(name: "chat-only", allowedRoutes: ["gpt-test"]))
        let secret = limited.secret.reveal()
        let harness = try await GatewayHarness.start(keyDirectory: store)
        let allowed = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: secret))
        let embed = try await harness.send(
            harness.request("/embeddings", body: #"{"model":"embed-test","input":"x"}"#, clientKey: secret))
        let bypass = try await harness.send(
            harness.request(
                "/chat/completions", body: #"{"model":"mock-openai/mock-gpt","messages":[{"role":"user","content":"x"}]}"#, clientKey: secret))
        _ = try await store.setEnabled(id: limited.key.id, false)
        try await harness.runtime.reloadKeys()
        let disabled = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: secret))
        await harness.stop()

        #expect(allowed.status == 200)
        #expect(embed.status == 403)
        #expect(embed.body.contains("permission_error"))
        #expect(embed.body.contains("embed-test"))
        #expect(bypass.status == 403, "provider/model is a route like any other for a limited key")
        #expect(disabled.status == 401)
        #expect(disabled.body.contains("disabled"))
    }

    @Test("after a rotation both secrets work within the grace period")
    func rotation() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        let created = try await store.create(VirtualKeyDraft(name: "rotating"))
        let harness = try await GatewayHarness.start(keyDirectory: store)
        let rotated = try await store.rotate(id: created.key.id, grace: .seconds(300))
        try await harness.runtime.reloadKeys()
        let old = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: created.secret.reveal()))
        let new = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: rotated.secret.reveal()))
        await harness.stop()

        #expect(old.status == 200)
        #expect(new.status == 200)
    }
}

@Suite("Virtual key hashing")
struct VirtualKeyHashingTests {
    @Test("the gateway hashes a presented secret exactly as the store keeps it")
    func sameHashAsTheStore() {
        for secret in ["sk-sb-abc", "sk-sb-0123456789ABCDEFGHIJKLMNOPQRSTUV", ""] {
            #expect(KeyAuthenticator.sha256Hex(secret) == VirtualKeyHash(secret: secret).hex)
        }
        // SHA-256("abc"), FIPS 180-2 test vector.
        #expect(KeyAuthenticator.sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite("Presented keys")
struct PresentedKeyTests {
    @Test(
        "Bearer (any case, padded) or x-api-key; nothing else",
        arguments: [
            ([HTTPField("Authorization", "Bearer sk-sb-one")], "sk-sb-one"),
            ([HTTPField("authorization", "  bearer \tsk-sb-two  ")], "sk-sb-two"),
            ([HTTPField("x-api-key", " sk-sb-three ")], "sk-sb-three"),
            ([HTTPField("Authorization", "Basic abc"), HTTPField("x-api-key", "sk-sb-four")], "sk-sb-four"),
            ([HTTPField("Authorization", "Bearer ")], nil),
            ([HTTPField("Authorization", "sk-sb-bare")], nil),
            ([], nil),
        ] as [([HTTPField], String?)])
    func presented(_ headers: [HTTPField], _ expected: String?) {
        #expect(KeyAuthenticator.presentedSecret(headers) == expected)
    }
}
