import Engine
import Foundation
import SignalboxCore

@testable import Console

/// `ConsoleScenario` with a store and budgets: five budgets observed twice a minute apart (so each
/// has a burn rate), requests made with three virtual keys, a budget alert, and a persisted audit
/// log written by the console, admin API tokens and the CLI.
enum GovernanceScenario {
    static let keyA = "vk_3f9a1c0d7e2b4a68"
    static let keyB = "vk_81d2e5f0a9c34b17"
    static let keyC = "vk_5e77b0c4d1a29f03"
    /// 2025-06-15 00:00 UTC and the next midnight; June and July's firsts.
    static let dayStart: Int64 = 1_749_945_600_000
    static let dayEnd: Int64 = dayStart + 86_400_000
    static let monthStart: Int64 = 1_748_736_000_000
    static let monthEnd: Int64 = 1_751_328_000_000
    /// When the second budget fetch is applied (a minute after the first).
    static let now = ConsoleScenario.now + 60_000

    static func budget(
        _ scope: String, limit: Int64, spent: Int64, reserved: Int64 = 0, period: BudgetPeriod = .daily, onExceed: String = "block"
    ) -> BudgetStatus {
        let (start, end): (Int64, Int64?) =
            switch period {
            case .daily: (dayStart, dayEnd)
            case .monthly: (monthStart, monthEnd)
            case .weekly: (dayStart - 6 * 86_400_000, dayEnd)
            case .total: (0, nil)
            }
        return BudgetStatus(
            scope: scope, limitMicros: limit, spentMicros: spent, reservedMicros: reserved, period: period, periodStartMs: start, periodEndMs: end,
            onExceed: onExceed)
    }

    /// The budgets a minute ago and now (micro-dollars).
    static let first: [BudgetStatus] = [
        budget("key:\(keyA)", limit: 5_000_000, spent: 3_600_000),
        budget("team:research", limit: 200_000_000, spent: 211_900_000, period: .monthly, onExceed: "downgrade:cheap"),
        budget("global", limit: 1_000_000_000, spent: 430_000_000, period: .monthly),
        budget("key:\(keyB)", limit: 50_000_000, spent: 2_000_000, period: .weekly),
        budget("key:\(keyC)", limit: 20_000_000, spent: 1_000_000),
    ]
    static let second: [BudgetStatus] = [
        budget("key:\(keyA)", limit: 5_000_000, spent: 4_100_000, reserved: 35_000),
        budget("team:research", limit: 200_000_000, spent: 212_400_000, reserved: 12_000, period: .monthly, onExceed: "downgrade:cheap"),
        budget("global", limit: 1_000_000_000, spent: 431_200_000, reserved: 47_000, period: .monthly),
        budget("key:\(keyB)", limit: 50_000_000, spent: 2_000_000, period: .weekly),
        budget("key:\(keyC)", limit: 20_000_000, spent: 1_010_000),
    ]

    static func keyed(_ number: Int, key: String, atMs: UInt64, tokens: (Int, Int), costUSD: String) -> GatewayEvent {
        .requestFinished(
            RequestFinished(
                id: ConsoleScenario.id(100 + number), timestampMs: atMs, endpoint: .chatCompletions, requestedModel: "fast", provider: "openai",
                model: "gpt-4o-mini", stream: false, status: 200, attempts: 1, usage: Usage(promptTokens: tokens.0, completionTokens: tokens.1),
                timings: ConsoleScenario.timings(totalMs: 80), providerRequestID: nil, errorMessage: nil, costUSD: Decimal(string: costUSD),
                virtualKeyID: key))
    }

    static let entries: [OperatorAuditEntrySummary] = [
        .init(
            sequence: 6, timestampMs: 1_750_000_020_000, actor: "console", role: "operator", action: "provider.pause", target: "local-vllm",
            details: "result=paused local-vllm: new requests skip it", outcome: "done"),
        .init(
            sequence: 5, timestampMs: 1_749_999_700_000, actor: "admin:ops-oncall", role: "operator", action: "provider.key.rotate",
            target: "openai/primary", details: "grace_seconds=300 key=primary provider=openai", outcome: "done"),
        .init(
            sequence: 4, timestampMs: 1_749_999_000_000, actor: "admin:ci-bot", role: "operator", action: "request.replay",
            target: "req_01jx7kabcdefgh000003", details: "reason=only chat completions and embeddings can be replayed", outcome: "refused"),
        .init(
            sequence: 3, timestampMs: 1_749_990_000_000, actor: "cli", role: "admin", action: "keys.limits", target: keyA,
            details: "limits=budget $5.00 daily (block) name=ci", outcome: "done"),
        .init(
            sequence: 2, timestampMs: 1_749_980_000_000, actor: "admin:ops-oncall", role: "admin", action: "keys.create", target: keyB,
            details: "name=batch prefix=sk-sb-81d2", outcome: "done"),
        .init(
            sequence: 1, timestampMs: 1_749_900_000_000, actor: "cli", role: "admin", action: "keys.create", target: keyA,
            details: "name=ci prefix=sk-sb-3f9a", outcome: "done"),
    ]

    static func model(width: Int = 80, height: Int = 24) -> ConsoleModel {
        var model = ConsoleScenario.model(width: width, height: height)
        model.apply(budgets: first)
        let base = ConsoleScenario.start + 40_000
        let requests: [(String, (Int, Int), String)] = [
            (keyA, (900, 300), "0.0125"), (keyA, (1_200, 410), "0.0160"), (keyB, (5_000, 2_000), "0.0031"), (keyA, (700, 220), "0.0098"),
            (keyC, (300, 90), "0.0010"), (keyB, (4_800, 1_900), "0.0030"),
        ]
        for (index, request) in requests.enumerated() {
            model.apply(keyed(index, key: request.0, atMs: base + UInt64(index) * 5_000, tokens: request.1, costUSD: request.2))
        }
        var alert = BudgetAlert(
            scope: .key(keyA), threshold: 0.8, spentMicros: 4_050_000, limitMicros: 5_000_000, period: .daily, periodEndMs: dayEnd)
        alert.timestampMs = ConsoleScenario.start + 75_000
        model.apply(.budgetAlert(alert))
        model.tick(nowMs: now)
        model.apply(budgets: second)
        model.apply(audit: .entries(entries, limit: AuditViewState.pageSize))
        return model
    }
}
