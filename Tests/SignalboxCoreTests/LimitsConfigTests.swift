import Foundation
import SignalboxCore
import Testing

@Suite("Limits config")
struct LimitsConfigTests {
    static let routes = openAIProviderYAML + """

        models:
          - { name: big, targets: [ { provider: openai-main, model: gpt-4o } ] }
          - { name: cheap, targets: [ { provider: openai-main, model: gpt-4o-mini } ] }
        """

    @Test("teams, the gateway's budget and the completion estimate")
    func parses() throws {
        let config = try parseConfig(
            Self.routes + """

                limits:
                  completion_estimate_tokens: 512
                  budget: { limit_usd: 250.5, period: weekly, alert_at: [0.5, 0.9] }
                  teams:
                    - id: search
                      rpm: 600
                      tpm: 200000
                      budget: { limit_usd: 10, on_exceed: downgrade, downgrade_to: cheap }
                    - { id: batch, rpd: 1000 }
                """)
        #expect(config.limits.completionEstimateTokens == 512)
        #expect(config.limits.budget == BudgetPolicy(limitMicros: 250_500_000, period: .weekly, alertAt: [0.5, 0.9]))
        #expect(config.limits.teams.count == 2)
        #expect(config.limits.team("search")?.limits == RateLimits(requestsPerMinute: 600, tokensPerMinute: 200_000))
        #expect(config.limits.team("search")?.budget == BudgetPolicy(limitMicros: 10_000_000, period: .monthly, onExceed: .downgrade(route: "cheap")))
        #expect(config.limits.team("batch")?.limits == RateLimits(requestsPerDay: 1_000))
        #expect(config.limits.team("batch")?.budget == nil)
    }

    @Test(
        "bad limits name the line, the key path and what is expected",
        arguments: [
            ("limits: { teams: [ { id: a, rpm: 0 } ] }", "limits.teams[0].rpm"),
            ("limits: { teams: [ { id: a }, { id: a } ] }", "limits.teams[1].id"),
            ("limits: { budget: { period: monthly } }", "limits.budget.limit_usd"),
            ("limits: { budget: { limit_usd: 5, period: yearly } }", "limits.budget.period"),
            ("limits: { budget: { limit_usd: 5, on_exceed: downgrade } }", "limits.budget.downgrade_to"),
            ("limits: { budget: { limit_usd: 5, on_exceed: downgrade, downgrade_to: nowhere } }", "limits.budget.downgrade_to"),
            ("limits: { budget: { limit_usd: 5, alert_at: [2] } }", "limits.budget.alert_at[0]"),
            ("limits: { teams: [ { id: a, rpx: 3 } ] }", "limits.teams[0].rpx"),
        ])
    func errors(snippet: String, keyPath: String) {
        let errors = configErrors(Self.routes + "\n" + snippet)
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.keyPath == keyPath, "\(errors)")
        #expect(errors.first?.line == 9)
    }
}
