import CCurl
import SignalboxCore
import Testing

@testable import Upstream

@Suite("UpstreamError mapping")
struct UpstreamErrorMappingTests {
    private func failure(_ code: CURLcode, connected: Bool, elapsedMs: UInt64) -> UpstreamError.CurlFailure {
        UpstreamError.CurlFailure(
            code: code, detail: "detail", connected: connected, elapsedNanoseconds: elapsedMs * 1_000_000,
            timeouts: ProviderTimeouts(connectMs: 1_000, firstByteMs: 5_000, idleMs: 5_000, totalMs: 10_000))
    }

    @Test func timeoutsAreSplitIntoConnectAndTotal() {
        #expect(UpstreamError.kind(of: failure(CURLE_OPERATION_TIMEDOUT, connected: false, elapsedMs: 1_000)) == .connectTimeout)
        #expect(UpstreamError.kind(of: failure(CURLE_OPERATION_TIMEDOUT, connected: true, elapsedMs: 10_000)) == .totalTimeout)
        #expect(UpstreamError.kind(of: failure(CURLE_OPERATION_TIMEDOUT, connected: false, elapsedMs: 10_000)) == .totalTimeout)
    }

    @Test func otherCodes() {
        #expect(UpstreamError.kind(of: failure(CURLE_COULDNT_CONNECT, connected: false, elapsedMs: 1)) == .connect)
        #expect(UpstreamError.kind(of: failure(CURLE_SSL_CONNECT_ERROR, connected: false, elapsedMs: 1)) == .tls)
        #expect(UpstreamError.kind(of: failure(CURLE_RECV_ERROR, connected: true, elapsedMs: 1)) == .transport)
    }

    @Test func messagesMaskSecrets() {
        var value = failure(CURLE_RECV_ERROR, connected: true, elapsedMs: 1)
        value.detail = "server said Bearer sk-abcdef and more"
        let message = UpstreamError.message(of: value, redacting: ["Bearer sk-abcdef"])
        #expect(!message.contains("sk-abcdef"))
        #expect(message.contains("[redacted]"))
    }
}
