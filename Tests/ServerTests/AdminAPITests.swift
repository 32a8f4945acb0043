import Engine
import Foundation
import Server
import SignalboxCore
import Store
import Testing
import Upstream

/// The admin API over real HTTP on loopback: roles, statuses, audit entries, and secrets kept out
/// of answers and the audit log.
@Suite("Admin API")
struct AdminAPITests {
    static let viewerToken = "viewer-token-0123456789abcdef"
    static let operatorToken = "operator-token-0123456789abcdef"
    static let adminToken = "admin-token-0123456789abcdef"
    static let tokens = [
        AdminTokenConfig(id: "dash", role: .viewer, secret: Secret(viewerToken)),
        AdminTokenConfig(id: "ops", role: .operator, secret: Secret(operatorToken)),
        AdminTokenConfig(id: "root", role: .admin, secret: Secret(adminToken)),
    ]
    static let chat = #"{"model":"gpt-test","messages":[{"role":"user","content":"hello admin"}]}"#

    /// Who calls: nobody, a wrong token, or one of the configured roles.
    enum Caller: String, CaseIterable, Sendable {
        case none, bad, viewer, `operator`, admin

        var token: String? {
            switch self {
            case .none: nil
            case .bad: "not-an-admin-token-000000"
            case .viewer: AdminAPITests.viewerToken
            case .operator: AdminAPITests.operatorToken
            case .admin: AdminAPITests.adminToken
            }
        }

        var role: AdminRole? { AdminRole(rawValue: rawValue) }
    }

    struct Endpoint: Sendable {
        var method: OutboundRequest.Method
        var path: String
        var required: AdminRole
        var success: Int
        var body: @Sendable (Caller) -> String? = { _ in nil }

        func expected(for caller: Caller) -> Int {
            guard let role = caller.role else { return 401 }
            return role.includes(required) ? success : 403
        }
    }

    /// A fresh SQLite store in a temporary file.
    static func database() throws -> (SignalboxDatabase, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-admin-\(UUID().uuidString).db")
        return (try SignalboxDatabase(path: url.path), url)
    }

    @Test("every role × every endpoint gets the expected status; actions are audited with actor and role; secrets stay out")
    func roleMatrix() async throws {
        let (database, url) = try Self.database()
        defer { try? FileManager.default.removeItem(at: url) }
        let keys = SQLiteKeyStore(database: database)
        let client = try await keys.create(VirtualKeyDraft(name: "client"))
        let toRotate = try await keys.create(VirtualKeyDraft(name: "to-rotate"))
        let toToggle = try await keys.create(VirtualKeyDraft(name: "to-toggle"))
        let toRevoke = try await keys.create(VirtualKeyDraft(name: "to-revoke"))
        let harness = try await GatewayHarness.start(
            withBackup: true, database: database, adminTokens: Self.tokens,
            extraRoutes: [ModelRoute(name: "cached", targets: [RouteTarget(provider: "mock-openai", model: "mock-gpt")], cache: RouteCacheConfig(exact: true))])
        let proxied = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: client.secret.reveal()))
        let requestID = try #require(proxied.headers.first("x-signalbox-request-id"))
        // The client can have its answer before the engine has recorded it; the event comes after.
        #expect(await harness.nextFinished()?.id.rawValue == requestID)

        let endpoints: [Endpoint] = [
            Endpoint(method: .get, path: "/admin/v1/whoami", required: .viewer, success: 200),
            Endpoint(method: .get, path: "/admin/v1/providers", required: .viewer, success: 200),
            Endpoint(method: .post, path: "/admin/v1/providers/mock-openai/pause", required: .operator, success: 200),
            Endpoint(method: .post, path: "/admin/v1/providers/mock-openai/resume", required: .operator, success: 200),
            Endpoint(method: .post, path: "/admin/v1/providers/mock-openai/keys/primary/pause", required: .operator, success: 200),
            Endpoint(method: .post, path: "/admin/v1/providers/mock-openai/keys/primary/resume", required: .operator, success: 200),
            Endpoint(
                method: .post, path: "/admin/v1/providers/mock-backup/keys/main/rotate", required: .operator, success: 200,
                body: { #"{"secret":"sk-rotated-\#($0.rawValue)-0123456789","grace_seconds":5}"# }),
            Endpoint(method: .post, path: "/admin/v1/providers/mock-backup/breakers/open", required: .operator, success: 200),
            Endpoint(method: .post, path: "/admin/v1/providers/mock-backup/breakers/reset", required: .operator, success: 200),
            Endpoint(method: .get, path: "/admin/v1/virtual-keys", required: .viewer, success: 200),
            Endpoint(method: .get, path: "/admin/v1/virtual-keys/\(client.key.id)", required: .viewer, success: 200),
            Endpoint(
                method: .post, path: "/admin/v1/virtual-keys", required: .admin, success: 201,
                body: { #"{"name":"matrix-\#($0.rawValue)","team":"qa","allowed_routes":["gpt-test"],"expires_at":"2999-01-01T00:00:00Z","metadata":{"ticket":"OPS-1"}}"# }),
            Endpoint(method: .post, path: "/admin/v1/virtual-keys/\(toRotate.key.id)/rotate", required: .admin, success: 200, body: { _ in #"{"grace_seconds":60}"# }),
            Endpoint(method: .post, path: "/admin/v1/virtual-keys/\(toToggle.key.id)/disable", required: .admin, success: 200),
            Endpoint(method: .post, path: "/admin/v1/virtual-keys/\(toToggle.key.id)/enable", required: .admin, success: 200),
            Endpoint(method: .post, path: "/admin/v1/virtual-keys/\(toRevoke.key.id)/revoke", required: .admin, success: 200),
            Endpoint(
                method: .post, path: "/admin/v1/virtual-keys/\(toToggle.key.id)/limits", required: .admin, success: 200,
                body: { _ in #"{"limits":{"rpm":100},"budget":{"limit_usd":5,"period":"daily"}}"# }),
            Endpoint(method: .get, path: "/admin/v1/budgets", required: .viewer, success: 200),
            Endpoint(method: .get, path: "/admin/v1/requests?status=2xx&limit=5", required: .viewer, success: 200),
            Endpoint(method: .get, path: "/admin/v1/requests?limit=10", required: .viewer, success: 200),
            Endpoint(method: .get, path: "/admin/v1/requests/\(requestID)", required: .viewer, success: 200),
            Endpoint(method: .post, path: "/admin/v1/requests/\(requestID)/replay", required: .operator, success: 200),
            Endpoint(method: .get, path: "/admin/v1/audit?after_id=0&limit=1000", required: .viewer, success: 200),
            Endpoint(method: .get, path: "/admin/v1/audit/verify", required: .viewer, success: 200),
            Endpoint(method: .get, path: "/admin/v1/cache", required: .viewer, success: 200),
            Endpoint(method: .delete, path: "/admin/v1/cache?route=cached&older_than_s=0", required: .operator, success: 200),
        ]
        var answers: [(endpoint: Endpoint, caller: Caller, answer: GatewayHarness.AdminAnswer)] = []
        for endpoint in endpoints {
            for caller in Caller.allCases {
                let answer = try await harness.admin(endpoint.method, endpoint.path, token: caller.token, body: endpoint.body(caller))
                answers.append((endpoint, caller, answer))
            }
        }
        // The limits endpoint gave the toggled key a $5 daily budget: the gateway counts it now.
        let budgets = try await harness.admin(.get, "/admin/v1/budgets", token: Self.viewerToken)
        let downgradeNowhere = try await harness.admin(
            .post, "/admin/v1/virtual-keys/\(toToggle.key.id)/limits", token: Self.adminToken,
            body: #"{"budget":{"limit_usd":1,"on_exceed":"downgrade:nowhere"}}"#)
        let downgradeBackup = try await harness.admin(
            .post, "/admin/v1/virtual-keys/\(toToggle.key.id)/limits", token: Self.adminToken,
            body: #"{"budget":{"limit_usd":1,"on_exceed":"downgrade:backup"}}"#)
        let audit = try await harness.admin(.get, "/admin/v1/audit?limit=1000", token: Self.viewerToken)
        let verify = try await harness.admin(.get, "/admin/v1/audit/verify", token: Self.viewerToken)
        await harness.stop()

        for (endpoint, caller, answer) in answers {
            let expected = endpoint.expected(for: caller)
            #expect(answer.status == expected, "\(endpoint.method.rawValue) \(endpoint.path) as \(caller): \(answer.body)")
            if answer.status >= 400 {
                #expect(answer.json?["error"]?["type"]?.stringValue != nil, "OpenAI error shape: \(answer.body)")
                #expect(answer.json?["error"]?["code"]?.stringValue != nil)
            }
            if expected == 403 { #expect(answer.body.contains("needs \(endpoint.required.rawValue)")) }
        }
        let keyBudget = budgets.json?["budgets"]?.arrayValue?.first { $0["scope"]?.stringValue == "key:\(toToggle.key.id)" }
        #expect(keyBudget?["limit_micros"] == .number(5_000_000), "\(budgets.body)")
        #expect(downgradeNowhere.status == 400)
        #expect(downgradeBackup.status == 200, "\(downgradeBackup.body)")
        let whoami = try #require(answers.first { $0.endpoint.path.hasSuffix("whoami") && $0.caller == .operator }?.answer.json)
        #expect(whoami["id"]?.stringValue == "ops")
        #expect(whoami["role"]?.stringValue == "operator")

        // Every executed action is in the audit log, with the actor and role that did it.
        let allEntries = try #require(audit.json?["entries"]?.arrayValue)
        func entries(_ action: String) -> [JSONValue] { allEntries.filter { $0["action"]?.stringValue == action } }
        let pauses = entries("provider.pause").map { ($0["actor"]?.stringValue, $0["role"]?.stringValue) }
        #expect(pauses.contains { $0 == ("admin:ops", "operator") } && pauses.contains { $0 == ("admin:root", "admin") }, "\(pauses)")
        #expect(entries("provider.key.pause").count == 2)
        #expect(entries("provider.breakers.open").count == 2)
        #expect(entries("provider.breakers.reset").count == 2)
        #expect(entries("request.replay").count == 2)
        #expect(entries("cache.purge").count == 2)
        #expect(entries("cache.purge").first?["target"]?.stringValue == "cached")
        let creates = entries("keys.create").filter { $0["actor"]?.stringValue == "admin:root" }
        #expect(creates.count == 1)
        #expect(creates.first?["role"]?.stringValue == "admin")
        #expect(creates.first?["details"]?["name"]?.stringValue == "matrix-admin")
        #expect(entries("keys.rotate").first?["target"]?.stringValue == toRotate.key.id)
        #expect(entries("keys.revoke").first?["target"]?.stringValue == toRevoke.key.id)
        #expect(entries("keys.disable").count == 1 && entries("keys.enable").count == 1)
        // A provider key rotation names the key and the grace, nothing else.
        for rotation in entries("provider.key.rotate") {
            guard case .object(let details) = rotation["details"] else { continue }
            #expect(Set(details.keys) == ["provider", "key", "grace_seconds", "outcome"], "\(details)")
            #expect(details["grace_seconds"] == JSONValue.number(5))
        }
        #expect(entries("provider.key.rotate").count == 2)
        // Viewers and refused roles leave no trace: nothing a viewer did changed anything.
        #expect(!allEntries.contains { $0["actor"]?.stringValue == "admin:dash" })
        #expect(verify.json?["ok"] == .bool(true), "\(verify.body)")
        #expect(verify.json?["entries"] == .number(Double(allEntries.count)))

        // Secrets: only the one-time create/rotate answer holds a virtual key's secret; no answer
        // and no audit entry holds a provider secret or an admin token.
        var secrets = [GatewayHarness.providerKey, GatewayHarness.backupKey, Self.viewerToken, Self.operatorToken, Self.adminToken]
        secrets += [client, toRotate, toToggle, toRevoke].map { $0.secret.reveal() }
        secrets += Caller.allCases.map { "sk-rotated-\($0.rawValue)-0123456789" }
        let issued = answers.filter { $0.answer.status == 201 || $0.endpoint.path.hasSuffix("/rotate") && $0.endpoint.path.contains("virtual-keys") }
        let issuedSecrets = issued.compactMap { $0.answer.json?["secret"]?.stringValue }
        #expect(issuedSecrets.count == 2, "one create and one rotation answered with a secret")
        #expect(issuedSecrets.allSatisfy { $0.hasPrefix("sk-sb-") })
        for (endpoint, caller, answer) in answers {
            let allowed = issued.contains { $0.endpoint.path == endpoint.path && $0.caller == caller }
            for secret in secrets + (allowed ? [] : issuedSecrets) {
                #expect(!answer.body.contains(secret), "\(endpoint.path) as \(caller) shows a secret")
            }
        }
        for secret in secrets + issuedSecrets {
            #expect(!audit.body.contains(secret), "the audit log holds a secret")
        }
    }

    @Test("a key created through the API authenticates on the proxy at once; revoke and rotate take effect at once too")
    func keyChangesTakeEffectImmediately() async throws {
        let (database, url) = try Self.database()
        defer { try? FileManager.default.removeItem(at: url) }
        let harness = try await GatewayHarness.start(database: database, adminTokens: Self.tokens)
        let created = try await harness.admin(.post, "/admin/v1/virtual-keys", token: Self.adminToken, body: #"{"name":"fresh"}"#)
        let secret = try #require(created.json?["secret"]?.stringValue)
        let id = try #require(created.json?["virtual_key"]?["id"]?.stringValue)
        let first = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: secret))
        let rotated = try await harness.admin(.post, "/admin/v1/virtual-keys/\(id)/rotate", token: Self.adminToken, body: "{}")
        let newSecret = try #require(rotated.json?["secret"]?.stringValue)
        let oldAfterRotation = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: secret))
        let newAfterRotation = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: newSecret))
        let revoked = try await harness.admin(.post, "/admin/v1/virtual-keys/\(id)/revoke", token: Self.adminToken)
        let afterRevoke = try await harness.send(harness.request("/chat/completions", body: Self.chat, clientKey: newSecret))
        let listed = try await harness.admin(.get, "/admin/v1/virtual-keys", token: Self.viewerToken)
        await harness.stop()

        #expect(created.status == 201, "\(created.body)")
        #expect(first.status == 200, "\(first.body)")
        #expect(rotated.status == 200 && newSecret != secret)
        #expect(oldAfterRotation.status == 401, "grace 0: the old secret stops at once")
        #expect(newAfterRotation.status == 200)
        #expect(revoked.status == 200)
        #expect(revoked.json?["status"]?.stringValue == "revoked")
        #expect(afterRevoke.status == 401)
        #expect(!listed.body.contains(secret) && !listed.body.contains(newSecret))
        #expect(!listed.body.contains("hash"), "lists never carry hashes")
    }

    @Test("bad input is 400, unknown ids 404, conflicts 409, in OpenAI's error shape")
    func errorStatuses() async throws {
        let (database, url) = try Self.database()
        defer { try? FileManager.default.removeItem(at: url) }
        let harness = try await GatewayHarness.start(database: database, adminTokens: Self.tokens)
        let key = try await SQLiteKeyStore(database: database).create(VirtualKeyDraft(name: "revoked-twice"))
        let calls: [(OutboundRequest.Method, String, String?, Int, String)] = [
            (.post, "/admin/v1/providers/nope/pause", nil, 404, "No provider 'nope'"),
            (.post, "/admin/v1/providers/mock-openai/keys/nope/pause", nil, 404, "has no key 'nope'"),
            (.get, "/admin/v1/virtual-keys/vk_missing", nil, 404, "No virtual key 'vk_missing'"),
            (.get, "/admin/v1/requests/req_missing", nil, 404, "No recorded request"),
            (.post, "/admin/v1/requests/req_missing/replay", nil, 404, "No recorded request"),
            (.get, "/admin/v1/nothing-here", nil, 404, "No admin endpoint"),
            (.post, "/admin/v1/virtual-keys", "{not json", 400, "must be a JSON object"),
            (.post, "/admin/v1/virtual-keys", #"{"name":"x","routes":["a"]}"#, 400, "Unknown field 'routes'"),
            (.post, "/admin/v1/virtual-keys", #"{"team":"x"}"#, 400, "Missing required field 'name'"),
            (.post, "/admin/v1/virtual-keys", #"{"name":"x","expires_at":"tomorrow"}"#, 400, "RFC 3339"),
            (.post, "/admin/v1/virtual-keys", #"{"name":"x","expires_at":"2001-01-01T00:00:00Z"}"#, 400, "in the past"),
            (.post, "/admin/v1/virtual-keys", #"{"name":5}"#, 400, "expected a string"),
            (.get, "/admin/v1/requests?limit=0", nil, 400, "'limit' must be an integer"),
            (.get, "/admin/v1/audit?after_id=x", nil, 400, "'after_id' must be an integer"),
            (.post, "/admin/v1/providers/mock-openai/keys/primary/rotate", #"{"secret":"env:SIGNALBOX_TEST_UNSET_VARIABLE"}"#, 400, "is not set"),
            (.post, "/admin/v1/providers/mock-openai/keys/primary/rotate", #"{"secret":""}"#, 400, "must not be empty"),
            (.post, "/admin/v1/providers/mock-openai/keys/primary/rotate", #"{"secret":"\#(GatewayHarness.providerKey)"}"#, 409, "already in use"),
            (.post, "/admin/v1/virtual-keys/\(key.key.id)/revoke", nil, 200, "revoked"),
            (.post, "/admin/v1/virtual-keys/\(key.key.id)/revoke", nil, 409, "already revoked"),
            (.post, "/admin/v1/virtual-keys/\(key.key.id)/rotate", nil, 409, "revoked"),
        ]
        var answers: [GatewayHarness.AdminAnswer] = []
        for (method, path, body, _, _) in calls {
            answers.append(try await harness.admin(method, path, token: Self.adminToken, body: body))
        }
        await harness.stop()
        for ((method, path, _, status, text), answer) in zip(calls, answers) {
            #expect(answer.status == status, "\(method.rawValue) \(path): \(answer.body)")
            #expect(answer.body.contains(text), "\(method.rawValue) \(path): \(answer.body)")
            #expect(!answer.body.contains(GatewayHarness.providerKey), "a rejected secret is never echoed")
        }
    }

    @Test("without admin tokens every admin route is 401 saying so; health and readiness stay open")
    func closedWithoutTokens() async throws {
        let harness = try await GatewayHarness.start()
        let whoami = try await harness.admin(.get, "/admin/v1/whoami", token: "anything-at-all-0000")
        let providers = try await harness.admin(.get, "/admin/v1/providers", token: nil)
        let health = try await harness.admin(.get, "/healthz", token: nil)
        let ready = try await harness.admin(.get, "/readyz", token: nil)
        await harness.stop()

        #expect(whoami.status == 401)
        #expect(whoami.body.contains("no admin tokens are configured"))
        #expect(whoami.json?["error"]?["code"]?.stringValue == "admin_api_disabled")
        #expect(!whoami.body.contains("anything-at-all"))
        #expect(providers.status == 401)
        #expect(health.status == 200)
        #expect(ready.status == 200)
    }

    @Test("store-backed endpoints answer 503 when the store cannot serve them; the rest works")
    func storeUnavailable() async throws {
        let harness = try await GatewayHarness.start(adminTokens: Self.tokens, store: .postgres(url: Secret("postgres://u:p@127.0.0.1:1/x")))
        let keys = try await harness.admin(.get, "/admin/v1/virtual-keys", token: Self.viewerToken)
        let audit = try await harness.admin(.get, "/admin/v1/audit", token: Self.viewerToken)
        let verify = try await harness.admin(.get, "/admin/v1/audit/verify", token: Self.viewerToken)
        let create = try await harness.admin(.post, "/admin/v1/virtual-keys", token: Self.adminToken, body: #"{"name":"x"}"#)
        let providers = try await harness.admin(.get, "/admin/v1/providers", token: Self.viewerToken)
        let pause = try await harness.admin(.post, "/admin/v1/providers/mock-openai/pause", token: Self.operatorToken)
        await harness.stop()

        for answer in [keys, audit, verify, create] {
            #expect(answer.status == 503, "\(answer.body)")
            #expect(answer.json?["error"]?["code"]?.stringValue == "store_not_configured")
        }
        #expect(providers.status == 200)
        #expect(pause.status == 200, "runtime actions do not need the store")
    }

    @Test("console actions are audited as operator; refused commands are audited as refused; the chain verifies")
    func consoleActionsAreAudited() async throws {
        let (database, url) = try Self.database()
        defer { try? FileManager.default.removeItem(at: url) }
        let harness = try await GatewayHarness.start(database: database, adminTokens: Self.tokens)
        let control = harness.runtime.controlPlane
        _ = await control.execute(.pauseProvider("mock-openai"), actor: "console")
        _ = await control.execute(.resetBreakers(provider: "nope"), actor: "console")
        _ = await control.execute(.rotateKey(provider: "mock-openai", key: "primary", newSecret: Secret("sk-console-rotated-0123456789"), graceSeconds: nil), actor: "console")
        let entries = try await SQLiteAuditLog(database: database).entries(after: 0, limit: 100)
        let verification = try await SQLiteAuditLog(database: database).verify()
        await harness.stop()

        #expect(entries.map(\.action) == ["provider.pause", "provider.breakers.reset", "provider.key.rotate"])
        #expect(entries.allSatisfy { $0.actor == "console" && $0.role == "operator" })
        #expect(entries[0].details["outcome"] == .string("done"))
        #expect(entries[1].details["outcome"] == .string("refused"))
        #expect(entries[1].details["reason"] == .string("no provider 'nope'"))
        #expect(entries[2].details == ["provider": .string("mock-openai"), "key": .string("primary"), "grace_seconds": .number(300), "outcome": .string("done")])
        #expect(verification == .intact(entries: 3))
    }
}
