import Engine
import Foundation
import MockProvider
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
        await harness.finished(
            served.headers.first("x-signalbox-request-id"), limitedAgain.headers.first("x-signalbox-request-id"),
            unauthenticated.headers.first("x-signalbox-request-id"), embedded.headers.first("x-signalbox-request-id"))
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

    /// A gateway keeping one request in memory and full (or redacted) bodies in the log.
    static func startLogged(bodies: RequestLogConfig.BodyCapture) async throws -> (GatewayHarness, CreatedVirtualKey, CreatedVirtualKey, URL, SignalboxDatabase) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-replay-\(UUID().uuidString).db")
        let database = try SignalboxDatabase(path: url.path)
        let keys = SQLiteKeyStore(database: database)
        let first = try await keys.create(VirtualKeyDraft(name: "first"))
        let second = try await keys.create(VirtualKeyDraft(name: "second"))
        let harness = try await GatewayHarness.start(
            control: ControlConfig(recentRequests: 1), database: database,
            adminTokens: [AdminTokenConfig(id: "ops", role: .operator, secret: Secret(Self.adminToken))], requestLog: RequestLogConfig(bodies: bodies))
        return (harness, first, second, url, database)
    }

    @Test("a request gone from memory is replayed from the log's full body, as the key that sent it, and the replay is logged")
    func replayFromLog() async throws {
        let (harness, first, second, url, database) = try await Self.startLogged(bodies: .full)
        defer { try? FileManager.default.removeItem(at: url) }
        let original = try await harness.send(
            harness.request(
                "/chat/completions", body: #"{"model":"gpt-test","messages":[{"role":"user","content":"replay me from the log"}]}"#,
                clientKey: first.secret.reveal()))
        let originalID = try #require(original.headers.first("x-signalbox-request-id"))
        // A second request pushes the first out of the one-entry ring.
        let other = try await harness.send(
            harness.request("/chat/completions", body: #"{"model":"gpt-test","messages":[{"role":"user","content":"something else"}]}"#,
                clientKey: second.secret.reveal()))
        await harness.finished(originalID, other.headers.first("x-signalbox-request-id"))
        #expect(harness.runtime.controlPlane.recordedRequest(RequestID(rawValue: originalID)) == nil, "no longer in memory")
        let upstreamBefore = harness.mock.recordedRequests.count

        let replay = try await harness.admin(.post, "/admin/v1/requests/\(originalID)/replay", token: Self.adminToken, body: "{}")
        let replayedUpstream = harness.mock.recordedRequests.last
        let upstreamAfter = harness.mock.recordedRequests.count
        await harness.finished(replay.json?["replay"]?["id"]?.stringValue)
        try await harness.runtime.flushStore()
        let byFirstKey = try await harness.admin(.get, "/admin/v1/requests?key=\(first.key.id)", token: Self.adminToken)
        let audit = try await SQLiteAuditLog(database: database).entries(after: 0, limit: 100)
        await harness.stop()

        #expect(other.status == 200)
        #expect(replay.status == 200, "\(replay.body)")
        #expect(replay.json?["original"]?["id"]?.stringValue == originalID)
        let replayID = try #require(replay.json?["replay"]?["id"]?.stringValue)
        #expect(replayID != originalID)
        #expect(replay.json?["replay"]?["status"] == .number(200))
        #expect(upstreamAfter == upstreamBefore + 1, "the replay went upstream once")
        #expect(replayedUpstream?.body?["messages"] == .array([.object(["role": .string("user"), "content": .string("replay me from the log")])]))
        // The replay acted as the first key: its log row carries that key and points at the original.
        let rows = byFirstKey.json?["requests"]?.arrayValue ?? []
        #expect(rows.compactMap { $0["id"]?.stringValue } == [replayID, originalID])
        #expect(rows.first?["replay_of"]?.stringValue == originalID)
        #expect(audit.last?.action == "request.replay")
        #expect(audit.last?.actor == "admin:ops")
    }

    @Test("a logged request whose body was redacted (or not kept) is not replayed, and says why")
    func replayNeedsFullBodies() async throws {
        let (harness, first, second, url, _) = try await Self.startLogged(bodies: .redacted)
        defer { try? FileManager.default.removeItem(at: url) }
        let original = try await harness.send(
            harness.request("/chat/completions", body: #"{"model":"gpt-test","messages":[{"role":"user","content":"private"}]}"#,
                clientKey: first.secret.reveal()))
        let next = try await harness.send(
            harness.request("/chat/completions", body: #"{"model":"gpt-test","messages":[{"role":"user","content":"next"}]}"#,
                clientKey: second.secret.reveal()))
        let originalID = try #require(original.headers.first("x-signalbox-request-id"))
        await harness.finished(originalID, next.headers.first("x-signalbox-request-id"))
        let upstreamBefore = harness.mock.recordedRequests.count
        let replay = try await harness.admin(.post, "/admin/v1/requests/\(originalID)/replay", token: Self.adminToken, body: "{}")
        let missing = try await harness.admin(.post, "/admin/v1/requests/req_never_seen/replay", token: Self.adminToken, body: "{}")
        let upstreamAfter = harness.mock.recordedRequests.count
        await harness.stop()

        #expect(replay.status == 409, "\(replay.body)")
        #expect(replay.body.contains("request_log.bodies: full"))
        #expect(upstreamAfter == upstreamBefore, "nothing went upstream")
        #expect(missing.status == 404)
    }
}
