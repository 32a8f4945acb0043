import Engine
import Foundation
import Server
import SignalboxCore
import Store
import Testing
import Upstream

/// The request log end to end: requests over loopback (served, refused by auth, refused by a rate
/// limit) land in the store and are found through the admin API's search, with redacted bodies.
@Suite("Request log end to end")
struct RequestLogEndToEndTests {
    static let adminToken = "admin-token-for-request-log-0001"

    @Test("every request is logged and searchable by key, status and route; bodies redacted; old requests come from the log")
    func searchable() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-log-\(UUID().uuidString).db")
        defer { try? FileManager.default.removeItem(at: url) }
        let database = try SignalboxDatabase(path: url.path)
        let keys = SQLiteKeyStore(database: database)
        let limited = try await keys.create(VirtualKeyDraft(name: "limited", limits: RateLimits(requestsPerMinute: 1)))
        let other = try await keys.create(VirtualKeyDraft(name: "other"))
        let harness = try await GatewayHarness.start(
            control: ControlConfig(recentRequests: 1), database: database,
            adminTokens: [AdminTokenConfig(id: "root", role: .admin, secret: Secret(Self.adminToken))],
            requestLog: RequestLogConfig(bodies: .redacted))
        let secretWords = "the launch code is tangerine"
        let served = try await harness.send(
            harness.request(
                "/chat/completions", body: #"{"model":"gpt-test","messages":[{"role":"user","content":"\#(secretWords)"}]}"#,
                clientKey: limited.secret.reveal()))
        let limitedAgain = try await harness.send(
            harness.request("/chat/completions", body: #"{"model":"gpt-test","messages":[{"role":"user","content":"x"}]}"#, clientKey: limited.secret.reveal()))
        let unauthenticated = try await harness.send(
            harness.request("/chat/completions", body: #"{"model":"gpt-test","messages":[{"role":"user","content":"x"}]}"#, clientKey: nil))
        let embedded = try await harness.send(
            harness.request("/embeddings", body: #"{"model":"embed-test","input":"vectors"}"#, clientKey: other.secret.reveal()))
        try await harness.runtime.flushStore()

        let byKey = try await harness.admin(.get, "/admin/v1/requests?key=\(limited.key.id)", token: Self.adminToken)
        let rateLimited = try await harness.admin(.get, "/admin/v1/requests?status=429", token: Self.adminToken)
        let clientErrors = try await harness.admin(.get, "/admin/v1/requests?status=4xx&limit=1", token: Self.adminToken)
        let embeddings = try await harness.admin(.get, "/admin/v1/requests?route=embed-test", token: Self.adminToken)
        let servedID = try #require(served.headers.first("x-signalbox-request-id"))
        // The in-memory ring keeps one request: the first one is read back from the log.
        let detail = try await harness.admin(.get, "/admin/v1/requests/\(servedID)", token: Self.adminToken)
        let badStatus = try await harness.admin(.get, "/admin/v1/requests?status=abc", token: Self.adminToken)
        await harness.stop()

        #expect(served.status == 200)
        #expect(limitedAgain.status == 429)
        #expect(unauthenticated.status == 401)
        #expect(embedded.status == 200)
        func ids(_ answer: GatewayHarness.AdminAnswer) -> [String] {
            answer.json?["requests"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        }
        #expect(byKey.status == 200, "\(byKey.body)")
        #expect(ids(byKey).count == 2)
        #expect(ids(byKey).last == servedID, "newest first")
        #expect(rateLimited.json?["requests"]?.arrayValue?.count == 1)
        #expect(rateLimited.json?["requests"]?.arrayValue?.first?["key_id"]?.stringValue == limited.key.id)
        #expect(ids(clientErrors).count == 1)
        #expect(clientErrors.json?["next"]?.stringValue != nil, "a second 4xx is on the next page")
        #expect(ids(embeddings).count == 1)
        #expect(detail.status == 200, "\(detail.body)")
        #expect(detail.json?["source"]?.stringValue == "request_log")
        #expect(detail.json?["status"] == .number(200))
        let requestBody = try #require(detail.json?["request_body"]?.stringValue)
        #expect(!requestBody.contains("tangerine"))
        #expect(requestBody.contains("[redacted: \(secretWords.count) chars]"))
        #expect(requestBody.contains(#""model":"gpt-test""#))
        #expect(detail.json?["response_body"]?.stringValue?.contains("tangerine") == false)
        #expect(badStatus.status == 400)
    }
}
