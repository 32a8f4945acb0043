import Engine
import Foundation
import GRDB
import MockProvider
import Server
import SignalboxCore
import Store
import Testing
import Upstream

/// Rate limits and budgets end to end: keys with limits in a real SQLite store, team and gateway
/// budgets from config, requests over loopback to a gateway over the mock provider.
@Suite("Rate limits and budgets")
struct GovernanceTests {
    static func chat(_ model: String = "gpt-test", maxTokens: Int? = nil) -> String {
        let max = maxTokens.map { #","max_tokens":\#($0)"# } ?? ""
        return #"{"model":"\#(model)"\#(max),"messages":[{"role":"user","content":"hello there"}]}"#
    }

    /// $2.50 in, $10 out per million tokens for the mock's model.
    static let pricing = [PriceOverride(scope: .provider("mock-openai"), model: "mock-gpt", price: ModelPrice(inputPerMTok: Decimal(string: "2.5")!, outputPerMTok: 10))]

    static func store() throws -> (SQLiteKeyStore, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-limits-\(UUID().uuidString).db")
        return (SQLiteKeyStore(database: try SignalboxDatabase(path: url.path)), url)
    }

    static func header(_ name: String, _ response: (status: Int, headers: [HTTPField], body: String)) -> String? {
        response.headers.first(name)
    }

    @Test("rpm: x-ratelimit-* on answers, then 429 with Retry-After in OpenAI's shape (Anthropic's on /v1/messages) and no upstream call")
    func requestsPerMinute() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        let key = try await store.create(VirtualKeyDraft(name: "limited", limits: RateLimits(requestsPerMinute: 2)))
        let secret = key.secret.reveal()
        let harness = try await GatewayHarness.start(keyDirectory: store)
        let first = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: secret))
        let second = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: secret))
        let third = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: secret))
        var messages = harness.request("/messages", body: #"{"model":"gpt-test","max_tokens":16,"messages":[{"role":"user","content":"hi"}]}"#, clientKey: nil)
        messages.headers.append(HTTPField("x-api-key", secret))
        let anthropic = try await harness.send(messages)
        let upstream = harness.mock.recordedRequests.count
        await harness.stop()

        #expect(first.status == 200)
        #expect(Self.header("x-ratelimit-limit-requests", first) == "2")
        #expect(Self.header("x-ratelimit-remaining-requests", first) == "1")
        #expect(Self.header("x-ratelimit-remaining-requests", second) == "0")
        #expect(Self.header("x-ratelimit-reset-requests", second).map { $0.hasSuffix("s") } == true)
        #expect(third.status == 429)
        #expect(third.body.contains(#""type":"rate_limit_error""#))
        #expect(third.body.contains(#""code":"rate_limit_exceeded""#))
        #expect(third.body.contains("virtual key \(key.key.id)"))
        #expect(third.body.contains("2 requests per minute (rpm)"))
        #expect(Self.header("retry-after", third).flatMap(Int.init).map { (1...30).contains($0) } == true)
        #expect(Self.header("x-ratelimit-remaining-requests", third) == "0")
        #expect(anthropic.status == 429)
        #expect(anthropic.body.contains(#""type":"error""#))
        #expect(anthropic.body.contains("rate_limit_error"))
        #expect(upstream == 2, "refused requests never reach the provider")
    }

    @Test("a per-route limit applies to that route only; a team's limit is shared by its keys")
    func routeAndTeam() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        let routeLimited = try await store.create(
            VirtualKeyDraft(name: "route", routeLimits: ["gpt-test": RateLimits(requestsPerMinute: 1)]))
        let alice = try await store.create(VirtualKeyDraft(name: "alice", team: "search"))
        let bob = try await store.create(VirtualKeyDraft(name: "bob", team: "search"))
        let harness = try await GatewayHarness.start(
            keyDirectory: store, limits: LimitsConfig(teams: [TeamPolicy(id: "search", limits: RateLimits(requestsPerDay: 2))]))
        let onRoute = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: routeLimited.secret.reveal()))
        let againOnRoute = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: routeLimited.secret.reveal()))
        let otherRoute = try await harness.send(harness.request("/chat/completions", body: Self.chat("mock-gpt"), clientKey: routeLimited.secret.reveal()))
        let aliceFirst = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: alice.secret.reveal()))
        let bobFirst = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: bob.secret.reveal()))
        let aliceSecond = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: alice.secret.reveal()))
        await harness.stop()

        #expect(onRoute.status == 200)
        #expect(againOnRoute.status == 429)
        #expect(againOnRoute.body.contains("on 'gpt-test'"))
        #expect(otherRoute.status == 200)
        #expect(aliceFirst.status == 200)
        #expect(bobFirst.status == 200)
        #expect(aliceSecond.status == 429)
        #expect(aliceSecond.body.contains("team search"))
        #expect(aliceSecond.body.contains("2 requests per day (rpd)"))
    }

    @Test("a token limit reserves the estimate and settles to the provider's usage")
    func tokenSettlement() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        // Per day: the refill during the test is far below one token.
        let key = try await store.create(VirtualKeyDraft(name: "tokens", limits: RateLimits(tokensPerDay: 10_000)))
        let harness = try await GatewayHarness.start(keyDirectory: store)
        let body = Self.chat(maxTokens: 100)
        let chat = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(body.utf8))
        let estimate = TokenEstimate.prompt(of: chat) + 100
        let first = try await harness.send(harness.request("/chat/completions", body: body, clientKey: key.secret.reveal()))
        let second = try await harness.send(harness.request("/chat/completions", body: body, clientKey: key.secret.reveal()))
        await harness.stop()

        let usage = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(first.body.utf8)).usage
        let used = try #require(usage?.totalTokens)
        #expect(used < estimate, "the mock answers in fewer tokens than max_tokens")
        #expect(Self.header("x-ratelimit-limit-tokens", first) == "10000")
        #expect(Self.header("x-ratelimit-remaining-tokens", first) == String(10_000 - estimate))
        #expect(Self.header("x-ratelimit-remaining-tokens", second) == String(10_000 - used - estimate), "the first request settled to its usage")
    }

    @Test("a key's budget blocks once used up (insufficient_quota), overshooting by at most one estimate under concurrency; alerts fire")
    func budgetBlocks() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        let limitMicros: Int64 = 2_000
        let key = try await store.create(
            VirtualKeyDraft(name: "capped", budget: BudgetPolicy(limitMicros: limitMicros, period: .daily, alertAt: [0.5, 1])))
        let harness = try await GatewayHarness.start(keyDirectory: store, pricing: Self.pricing)
        let body = Self.chat(maxTokens: 50)
        let chat = try JSONDecoder().decode(ChatCompletionRequest.self, from: Data(body.utf8))
        let estimateMicros = Cost(price: Self.pricing[0].price, usage: Usage(promptTokens: TokenEstimate.prompt(of: chat), completionTokens: 50)).total.microdollars
        var served: [Int64] = []
        var refused: [(status: Int, headers: [HTTPField], body: String)] = []
        // Waves of concurrent requests until a whole wave is refused.
        for _ in 0..<50 {
            let wave = try await withThrowingTaskGroup(of: (status: Int, headers: [HTTPField], body: String).self) { group in
                for _ in 0..<8 { group.addTask { try await harness.send(harness.request("/chat/completions", body: body, clientKey: key.secret.reveal())) } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            for response in wave {
                if response.status == 200 {
                    let cost = try #require(response.headers.first("x-signalbox-cost-usd").flatMap { Decimal(string: $0) })
                    served.append(cost.microdollars)
                } else {
                    refused.append(response)
                }
            }
            if wave.allSatisfy({ $0.status == 429 }) { break }
        }
        // Every request's finish event comes after its settlement (and any alert it raised): await them all.
        var alerts: [BudgetAlert] = []
        var finishedCount = 0
        for await event in harness.events {
            if case .budgetAlert(let alert) = event { alerts.append(alert) }
            if case .requestFinished = event { finishedCount += 1 }
            if finishedCount == served.count + refused.count { break }
        }
        let budgets = harness.runtime.gateway.governor.budgets()
        let upstream = harness.mock.recordedRequests.count
        await harness.stop()

        let spent = served.reduce(0, +)
        #expect(spent >= limitMicros)
        #expect(spent <= limitMicros + estimateMicros, "spent \(spent) µ$ of \(limitMicros) (estimate \(estimateMicros))")
        #expect(upstream == served.count)
        let refusal = try #require(refused.first)
        #expect(refusal.status == 429)
        #expect(refusal.body.contains(#""type":"insufficient_quota""#))
        #expect(refusal.body.contains("Budget used up for virtual key \(key.key.id)"))
        #expect(refusal.headers.first("retry-after").flatMap(Int.init).map { $0 > 0 && $0 <= 86_400 } == true)
        #expect(budgets.first { $0.scope == "key:\(key.key.id)" }?.spentMicros == spent)
        #expect(budgets.first { $0.scope == "key:\(key.key.id)" }?.reservedMicros == 0)
        #expect(alerts.map(\.threshold) == [0.5, 1])
        #expect(alerts.allSatisfy { $0.scope == "key:\(key.key.id)" })
    }

    @Test("a team budget that downgrades serves from its cheaper route once used up, and says so")
    func budgetDowngrades() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        let key = try await store.create(VirtualKeyDraft(name: "member", team: "research"))
        let team = TeamPolicy(
            id: "research", budget: BudgetPolicy(limitMicros: 1, period: .monthly, onExceed: .downgrade(route: "cheap")))
        let harness = try await GatewayHarness.start(
            keyDirectory: store, limits: LimitsConfig(teams: [team]), pricing: Self.pricing,
            extraRoutes: [ModelRoute(name: "cheap", targets: [RouteTarget(provider: "mock-openai", model: "mock-cheap")])])
        let first = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: key.secret.reveal()))
        let second = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: key.secret.reveal()))
        await harness.stop()

        #expect(first.status == 200)
        #expect(first.headers.first("x-signalbox-model") == "mock-gpt")
        #expect(second.status == 200)
        #expect(second.headers.first("x-signalbox-model") == "mock-cheap")
        #expect(second.headers.first("x-signalbox-budget") == "downgraded; team:research; route=cheap")
    }

    @Test("spend survives a restart: budgets are seeded from the usage rows of the period")
    func seededAfterRestart() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-limits-\(UUID().uuidString).db")
        defer { try? FileManager.default.removeItem(at: url) }
        let created = try await SQLiteKeyStore(database: try SignalboxDatabase(path: url.path)).create(
            VirtualKeyDraft(name: "restart", budget: BudgetPolicy(limitMicros: 1_000_000, period: .monthly)))
        let secret = created.secret.reveal()
        let before = try await GatewayHarness.start(storePath: url.path, limits: LimitsConfig(budget: BudgetPolicy(limitMicros: 5_000_000, period: .daily)), pricing: Self.pricing)
        let response = try await before.send(before.request("/chat/completions", body: Self.chat(), clientKey: secret))
        let cost = try #require(response.headers.first("x-signalbox-cost-usd").flatMap { Decimal(string: $0) }).microdollars
        await before.stop()  // flushes the usage rows

        let after = try await GatewayHarness.start(storePath: url.path, limits: LimitsConfig(budget: BudgetPolicy(limitMicros: 5_000_000, period: .daily)), pricing: Self.pricing)
        let budgets = after.runtime.gateway.governor.budgets()
        await after.stop()

        #expect(response.status == 200)
        #expect(cost > 0)
        #expect(budgets.first { $0.scope == "key:\(created.key.id)" }?.spentMicros == cost)
        #expect(budgets.first { $0.scope == "global" }?.spentMicros == cost)
    }

    @Test("a store that falls behind fails closed: new requests get 503 store_backlogged, nothing goes upstream, nothing is dropped")
    func storeBacklogFailsClosed() async throws {
        let (store, url) = try Self.store()
        defer { try? FileManager.default.removeItem(at: url) }
        let key = try await store.create(VirtualKeyDraft(name: "app"))
        let secret = key.secret.reveal()
        let database = try SignalboxDatabase(path: url.path)
        let harness = try await GatewayHarness.start(database: database, storeBacklogCapacity: 4)
        // Another connection holds the write lock: the gateway's writer cannot commit.
        let blocker = try DatabaseBlocker(path: url.path)
        var answered: [String] = []
        for _ in 0..<2 {
            let response = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: secret))
            #expect(response.status == 200)
            answered += response.headers.first("x-signalbox-request-id").map { [$0] } ?? []
            _ = await harness.nextFinished()
        }
        // Two requests queued four rows (usage + request log each): the backlog is full.
        let upstreamBefore = harness.mock.recordedRequests.count
        let refused = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: secret))
        let upstreamAfter = harness.mock.recordedRequests.count
        blocker.release()
        try await harness.runtime.flushStore()
        let after = try await harness.send(harness.request("/chat/completions", body: Self.chat(), clientKey: secret))
        await harness.finished(after.headers.first("x-signalbox-request-id"))
        try await harness.runtime.flushStore()
        await harness.stop()

        #expect(refused.status == 503, "\(refused.body)")
        #expect(refused.body.contains("store_backlogged"))
        #expect(Self.header("retry-after", refused) == "1")
        #expect(upstreamAfter == upstreamBefore, "a refused request never goes upstream")
        #expect(after.status == 200, "admitted again once the store caught up")
        let usage = try await SQLiteUsageStore(database: database).totals(keyID: key.key.id, since: Date(timeIntervalSince1970: 0))
        #expect(usage.requests == 3, "every answered request has its usage row")
        let logged = try await SQLiteRequestLog(database: database).search(RequestLogQuery(keyID: key.key.id))
        #expect(logged.records.count == 3, "the refusal added nothing to the backlog")
        #expect(Set(answered).isSubset(of: Set(logged.records.map(\.requestID))))
    }
}

/// Holds SQLite's write lock from another connection until released.
private final class DatabaseBlocker: Sendable {
    private let connection: DatabaseQueue

    init(path: String) throws {
        var configuration = Configuration()
        configuration.allowsUnsafeTransactions = true
        connection = try DatabaseQueue(path: path, configuration: configuration)
        try connection.writeWithoutTransaction { db in try db.execute(sql: "BEGIN IMMEDIATE") }
    }

    func release() {
        try? connection.writeWithoutTransaction { db in try db.execute(sql: "ROLLBACK") }
    }
}
