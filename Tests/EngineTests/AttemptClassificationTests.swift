@testable import Engine
import SignalboxCore
import Testing

@Suite("Attempt failure classification")
struct AttemptClassificationTests {
    @Test("retryable statuses", arguments: [(408, true), (429, true), (500, true), (502, true), (503, true), (504, true), (529, true),
        (400, false), (401, false), (403, false), (404, false), (413, false), (422, false)])
    func retryable(status: Int, expected: Bool) {
        #expect(ProxyExchange.isRetryable(status: status) == expected)
    }

    @Test("context-length and content-policy errors are named as such")
    func labels() {
        let context = GatewayError.upstream(
            provider: "p", status: 400, message: "too long", type: "invalid_request_error", code: "context_length_exceeded", param: nil,
            retryAfter: nil)
        let policy = GatewayError.upstream(
            provider: "p", status: 400, message: "flagged", type: "invalid_request_error", code: "content_policy_violation", param: nil,
            retryAfter: nil)
        let other = GatewayError.upstream(provider: "p", status: 400, message: "bad", type: nil, code: "invalid_value", param: nil, retryAfter: nil)
        #expect(ProxyExchange.classify(context).hasPrefix("context length exceeded (not retried): "))
        #expect(ProxyExchange.classify(policy).hasPrefix("content policy (not retried): "))
        #expect(ProxyExchange.classify(other) == other.message)
    }
}
