import Foundation
import SignalboxCore
import Testing

@Suite("Rate limiter")
struct RateLimiterTests {
    static let second: UInt64 = 1_000_000_000

    @Test("requests per minute: a burst up to the limit, then one per refill interval, with the wait named")
    func requestsPerMinute() {
        var limiter = RateLimiter()
        let scopes: [(LimitScope, RateLimits)] = [(.key("k"), RateLimits(requestsPerMinute: 3))]
        for _ in 0..<3 {
            guard case .admitted = limiter.admit(scopes, tokens: 10, nowNs: 0) else { Issue.record("burst refused"); return }
        }
        guard case .limited(let refusal) = limiter.admit(scopes, tokens: 10, nowNs: 0) else { Issue.record("fourth admitted"); return }
        #expect(refusal.scope == .key("k"))
        #expect(refusal.ceiling == RateCeiling(unit: .requests, window: .minute, limit: 3))
        // 3 per minute refill one every 20 s.
        #expect(refusal.retryAfterSeconds == 20)
        #expect(refusal.snapshot.requests?.remaining == 0)
        guard case .limited = limiter.admit(scopes, tokens: 10, nowNs: 19 * Self.second) else { Issue.record("admitted early"); return }
        guard case .admitted(_, let snapshot) = limiter.admit(scopes, tokens: 10, nowNs: 20 * Self.second) else {
            Issue.record("not admitted after the refill"); return
        }
        #expect(snapshot.requests?.limit == 3)
        #expect(snapshot.requests?.remaining == 0)
        #expect(snapshot.requests?.resetNs == 60 * Self.second)
    }

    @Test("a refused request takes nothing from the other limits (all or nothing)")
    func allOrNothing() {
        var limiter = RateLimiter()
        let roomy = (LimitScope.key("k"), RateLimits(requestsPerMinute: 100))
        let tight = (LimitScope.team("t"), RateLimits(requestsPerMinute: 1))
        guard case .admitted = limiter.admit([roomy, tight], tokens: 0, nowNs: 0) else { Issue.record(); return }
        guard case .limited(let refusal) = limiter.admit([roomy, tight], tokens: 0, nowNs: 0) else { Issue.record(); return }
        #expect(refusal.scope == .team("t"))
        guard case .admitted(_, let snapshot) = limiter.admit([roomy], tokens: 0, nowNs: 0) else { Issue.record(); return }
        #expect(snapshot.requests?.remaining == 98, "the refused request did not use the key's allowance")
    }

    @Test("token limits reserve the estimate and settle to the actual use: refunds and debts")
    func tokenSettlement() {
        var limiter = RateLimiter()
        let scopes: [(LimitScope, RateLimits)] = [(.key("k"), RateLimits(tokensPerMinute: 1_000))]
        guard case .admitted(let first, let snapshot) = limiter.admit(scopes, tokens: 600, nowNs: 0) else { Issue.record(); return }
        #expect(snapshot.tokens?.remaining == 400)
        limiter.settle(first, actualTokens: 100, nowNs: 0)
        guard case .admitted(let second, let after) = limiter.admit(scopes, tokens: 0, nowNs: 0) else { Issue.record(); return }
        #expect(after.tokens?.remaining == 900, "500 of the reserved tokens came back")
        limiter.settle(second, actualTokens: 1_400, nowNs: 0)
        guard case .limited(let refusal) = limiter.admit(scopes, tokens: 1, nowNs: 0) else { Issue.record("admitted while in debt"); return }
        // 500 in debt at 1000/min: the level is above zero again after just over 30 s.
        #expect(refusal.retryAfterSeconds == 31)
        #expect(refusal.ceiling.unit == .tokens)
    }

    @Test("concurrent admissions never overshoot a token limit by more than one estimate", arguments: [1, 7, 50, 333])
    func overshootBound(estimate: Int) {
        var limiter = RateLimiter()
        let limit = 1_000
        let scopes: [(LimitScope, RateLimits)] = [(.key("k"), RateLimits(tokensPerMinute: limit))]
        var admitted = 0
        var reservations: [RateReservation] = []
        // Many requests in flight at once, none settled yet.
        for _ in 0..<10_000 {
            if case .admitted(let reservation, _) = limiter.admit(scopes, tokens: estimate, nowNs: 0) {
                admitted += estimate
                reservations.append(reservation)
            }
        }
        #expect(admitted >= limit)
        #expect(admitted <= limit + estimate)
        // Settling each to its estimate changes nothing; the limit is still used up.
        for reservation in reservations { limiter.settle(reservation, actualTokens: estimate, nowNs: 0) }
        guard case .limited = limiter.admit(scopes, tokens: estimate, nowNs: 0) else { Issue.record(); return }
    }

    @Test("a lowered limit keeps what was used; a raised one adds the difference")
    func resize() {
        var limiter = RateLimiter()
        _ = limiter.admit([(.key("k"), RateLimits(requestsPerMinute: 10))], tokens: 0, nowNs: 0)
        guard case .admitted(_, let lowered) = limiter.admit([(.key("k"), RateLimits(requestsPerMinute: 5))], tokens: 0, nowNs: 0) else {
            Issue.record(); return
        }
        #expect(lowered.requests?.remaining == 3)
        guard case .admitted(_, let raised) = limiter.admit([(.key("k"), RateLimits(requestsPerMinute: 20))], tokens: 0, nowNs: 0) else {
            Issue.record(); return
        }
        #expect(raised.requests?.remaining == 17)
    }

    @Test("the headers report the tightest limit")
    func tightest() {
        var limiter = RateLimiter()
        let scopes: [(LimitScope, RateLimits)] = [
            (.key("k"), RateLimits(requestsPerMinute: 100, requestsPerDay: 5)), (.team("t"), RateLimits(tokensPerMinute: 50)),
        ]
        guard case .admitted(_, let snapshot) = limiter.admit(scopes, tokens: 20, nowNs: 0) else { Issue.record(); return }
        #expect(snapshot.requests?.limit == 5)
        #expect(snapshot.requests?.remaining == 4)
        #expect(snapshot.tokens?.limit == 50)
        #expect(snapshot.tokens?.remaining == 30)
    }
}

@Suite("Budget ledger")
struct BudgetLedgerTests {
    /// 2026-11-26T10:00:00Z.
    static let now: Int64 = 1_795_687_200_000
    static let dollar: Int64 = 1_000_000

    @Test("a blocking budget admits while money is left, then refuses until the period resets")
    func blocks() {
        var ledger = BudgetLedger()
        ledger.configure(.key("k"), policy: BudgetPolicy(limitMicros: 10 * Self.dollar, period: .daily), nowMs: Self.now)
        guard case .admitted(let first) = ledger.admit([.key("k")], requestedRoute: "r", estimateMicros: 4 * Self.dollar, nowMs: Self.now) else {
            Issue.record(); return
        }
        _ = ledger.settle(first, actualMicros: 9 * Self.dollar, nowMs: Self.now)
        guard case .admitted(let second) = ledger.admit([.key("k")], requestedRoute: "r", estimateMicros: Self.dollar, nowMs: Self.now) else {
            Issue.record("refused with $1 left"); return
        }
        _ = ledger.settle(second, actualMicros: 2 * Self.dollar, nowMs: Self.now)
        guard case .exhausted(let refusal) = ledger.admit([.key("k")], requestedRoute: "r", estimateMicros: 0, nowMs: Self.now) else {
            Issue.record("admitted over the cap"); return
        }
        #expect(refusal.scope == .key("k"))
        #expect(refusal.account.spentMicros == 11 * Self.dollar)
        // 10:00 → midnight UTC is 14 h.
        #expect(refusal.retryAfterSeconds(nowMs: Self.now) == 14 * 3_600)
        let tomorrow = Self.now + 14 * 3_600_000
        guard case .admitted = ledger.admit([.key("k")], requestedRoute: "r", estimateMicros: 0, nowMs: tomorrow) else {
            Issue.record("still refused in the next period"); return
        }
        #expect(ledger.accounts[.key("k")]?.spentMicros == 0)
    }

    @Test("concurrent requests overshoot a cap by at most one estimate", arguments: [1, 3, 9])
    func overshoot(estimateDollars: Int64) {
        var ledger = BudgetLedger()
        ledger.configure(.global, policy: BudgetPolicy(limitMicros: 100 * Self.dollar, period: .monthly), nowMs: Self.now)
        var reservations: [BudgetReservation] = []
        for _ in 0..<1_000 {
            if case .admitted(let reservation) = ledger.admit([.global], requestedRoute: "r", estimateMicros: estimateDollars * Self.dollar, nowMs: Self.now) {
                reservations.append(reservation)
            }
        }
        let committed = Int64(reservations.count) * estimateDollars * Self.dollar
        #expect(committed >= 100 * Self.dollar)
        #expect(committed <= (100 + estimateDollars) * Self.dollar)
        for reservation in reservations { _ = ledger.settle(reservation, actualMicros: estimateDollars * Self.dollar, nowMs: Self.now) }
        #expect(ledger.accounts[.global]?.reservedMicros == 0)
        #expect(ledger.accounts[.global]?.spentMicros == committed)
    }

    @Test("a downgrading budget sends requests to its route; the route itself passes")
    func downgrades() {
        var ledger = BudgetLedger()
        ledger.configure(
            .team("t"), policy: BudgetPolicy(limitMicros: Self.dollar, period: .weekly, onExceed: .downgrade(route: "cheap")), nowMs: Self.now)
        guard case .admitted(let first) = ledger.admit([.team("t")], requestedRoute: "big", estimateMicros: 0, nowMs: Self.now) else {
            Issue.record(); return
        }
        _ = ledger.settle(first, actualMicros: 2 * Self.dollar, nowMs: Self.now)
        guard case .downgraded(_, let route, let scope) = ledger.admit([.team("t")], requestedRoute: "big", estimateMicros: 0, nowMs: Self.now)
        else { Issue.record("not downgraded"); return }
        #expect(route == "cheap")
        #expect(scope == .team("t"))
        guard case .admitted = ledger.admit([.team("t")], requestedRoute: "cheap", estimateMicros: 0, nowMs: Self.now) else {
            Issue.record("the downgrade route itself was not admitted"); return
        }
    }

    @Test("a hierarchy: the request must fit every budget; one that blocks wins over one that downgrades")
    func hierarchy() {
        var ledger = BudgetLedger()
        ledger.configure(.key("k"), policy: BudgetPolicy(limitMicros: 100 * Self.dollar, period: .monthly), nowMs: Self.now)
        ledger.configure(.team("t"), policy: BudgetPolicy(limitMicros: Self.dollar, period: .monthly, onExceed: .downgrade(route: "cheap")), nowMs: Self.now)
        ledger.configure(.global, policy: BudgetPolicy(limitMicros: 2 * Self.dollar, period: .monthly), nowMs: Self.now)
        guard case .admitted(let first) = ledger.admit([.key("k"), .team("t"), .global], requestedRoute: "r", estimateMicros: 0, nowMs: Self.now)
        else { Issue.record(); return }
        #expect(first.scopes == [.key("k"), .team("t"), .global])
        _ = ledger.settle(first, actualMicros: Self.dollar + 1, nowMs: Self.now)
        guard case .downgraded = ledger.admit([.key("k"), .team("t"), .global], requestedRoute: "r", estimateMicros: 0, nowMs: Self.now) else {
            Issue.record("team over: expected a downgrade"); return
        }
        ledger.seed(.global, spentMicros: Self.dollar)
        guard case .exhausted(let refusal) = ledger.admit([.key("k"), .team("t"), .global], requestedRoute: "r", estimateMicros: 0, nowMs: Self.now)
        else { Issue.record("gateway over: expected a block"); return }
        #expect(refusal.scope == .global)
    }

    @Test("alerts fire once per threshold per period")
    func alerts() {
        var ledger = BudgetLedger()
        ledger.configure(.key("k"), policy: BudgetPolicy(limitMicros: 10 * Self.dollar, period: .daily, alertAt: [0.5, 0.8, 1]), nowMs: Self.now)
        func spend(_ dollars: Int64, at time: Int64 = Self.now) -> [Double] {
            guard case .admitted(let reservation) = ledger.admit([.key("k")], requestedRoute: "r", estimateMicros: 0, nowMs: time) else {
                return [-1]
            }
            return ledger.settle(reservation, actualMicros: dollars * Self.dollar, nowMs: time).map(\.threshold)
        }
        #expect(spend(4) == [])
        #expect(spend(1) == [0.5])
        #expect(spend(1) == [])
        #expect(spend(4) == [0.8, 1])
        #expect(spend(1, at: Self.now + 86_400_000) == [], "a new period starts from zero")
    }

    @Test("periods start on UTC boundaries: midnight, Monday, the 1st")
    func periods() {
        let now = Date(milliseconds: Self.now)  // Thursday 2026-11-26 10:00 UTC
        #expect(BudgetPeriod.daily.start(containing: now).milliseconds == Self.now - 10 * 3_600_000)
        #expect(BudgetPeriod.weekly.start(containing: now).milliseconds == Self.now - (3 * 24 + 10) * 3_600_000)
        #expect(BudgetPeriod.monthly.start(containing: now).milliseconds == Self.now - (25 * 24 + 10) * 3_600_000)
        #expect(BudgetPeriod.monthly.end(containing: now)?.milliseconds == Self.now + (4 * 24 + 14) * 3_600_000)
        #expect(BudgetPeriod.total.end(containing: now) == nil)
    }

    @Test("dollars round to the nearest micro-dollar")
    func micros() {
        #expect(Decimal(string: "0.0000014")!.microdollars == 1)
        #expect(Decimal(string: "0.0000016")!.microdollars == 2)
        #expect(Decimal(string: "12.5")!.microdollars == 12_500_000)
    }
}

@Suite("Token estimate")
struct TokenEstimateTests {
    @Test("about four characters a token, images a fixed amount, the completion from max_tokens or the default")
    func estimate() throws {
        let chat = try JSONDecoder().decode(
            ChatCompletionRequest.self,
            from: Data(
                #"{"model":"m","max_tokens":50,"messages":[{"role":"system","content":"12345678"},{"role":"user","content":[{"type":"text","text":"abcd"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]}]}"#
                    .utf8))
        #expect(TokenEstimate.prompt(of: chat) == 2 * 4 + 2 + 1 + TokenEstimate.tokensPerImage)
        #expect(TokenEstimate.completion(of: chat, default: 256) == 50)
        var unbounded = chat
        unbounded.maxTokens = nil
        #expect(TokenEstimate.completion(of: unbounded, default: 256) == 256)
    }
}
