import Glibc
import SignalboxCore
import Testing
import Upstream

@Suite("Upstream exchanges", .timeLimit(.minutes(1)))
struct ExchangeTests {
    @Test func postSendsMethodHeadersAndExactBodyWithoutExpect() async throws {
        try await UpstreamFixture.with { fixture in
            // Binary-safe: a NUL, high bytes and enough bytes that curl would normally use Expect.
            let body: [UInt8] = Array("{\"model\":\"gpt\"}".utf8) + [0, 0xFF, 0x80] + Array(repeating: 0x61, count: 70_000)
            let request = fixture.request(
                "/echo", method: .post,
                headers: [HTTPField("Content-Type", "application/json"), HTTPField("X-Custom", "custom value"), HTTPField("X-Empty", "")],
                body: body)
            let result = await fixture.run(request)

            #expect(result.violations.isEmpty)
            #expect(result.failures.isEmpty)
            #expect(result.finished.count == 1)
            // Every callback came from the one upstream thread, not from the test's thread.
            #expect(result.threads.count == 1)
            #expect(result.threads.first != UInt(pthread_self()))
            #expect(result.heads.first?.status == 200)
            #expect(result.heads.first?.headers.first("x-echo-method") == "POST")
            #expect(result.body == body)

            let seen = try #require(fixture.server.state.requests.first)
            #expect(seen.method == "POST")
            #expect(seen.uri == "/echo")
            #expect(seen.headers.first("x-custom") == "custom value")
            #expect(seen.headers.first("x-empty") == "")
            #expect(seen.headers.first("content-type") == "application/json")
            #expect(seen.headers.first("expect") == nil)
            #expect(seen.headers.first("accept-encoding") == nil)
            #expect(seen.body == body)
        }
    }

    @Test func getSendsNoBodyAndPostWithoutContentTypeGetsNoFormType() async throws {
        try await UpstreamFixture.with { fixture in
            let get = await fixture.run(fixture.request("/echo"))
            #expect(get.heads.first?.headers.first("x-echo-method") == "GET")
            let post = await fixture.run(fixture.request("/echo", method: .post, body: Array("abc".utf8)))
            #expect(post.bodyString == "abc")

            let requests = fixture.server.state.requests
            #expect(requests.map(\.method) == ["GET", "POST"])
            #expect(requests[0].body.isEmpty)
            #expect(requests[1].headers.first("content-type") == nil)
        }
    }

    @Test func statusAndResponseHeadersAreDelivered() async throws {
        try await UpstreamFixture.with { fixture in
            let result = await fixture.run(fixture.request("/status/418"))
            let head = try #require(result.heads.first)
            #expect(result.heads.count == 1)
            #expect(head.status == 418)
            #expect(head.httpVersion == "1.1")
            #expect(head.headers.first("X-Test") == "one")
            #expect(head.headers.filter { $0.name.equalsIgnoringASCIICase("x-multi") }.map(\.value) == ["a", "b"])
            #expect(head.headers.first("content-length") == "10")
            #expect(result.bodyString == "status 418")
            // An error status is still a complete response, not a transfer failure.
            #expect(result.finished.count == 1)
            #expect(result.failures.isEmpty)
        }
    }

    @Test(arguments: [100, 102, 103])
    func informationalResponsesAreSkipped(code: Int) async throws {
        try await UpstreamFixture.with { fixture in
            let result = await fixture.run(fixture.request("/informational/\(code)"))
            #expect(result.violations.isEmpty)
            #expect(result.heads.count == 1)
            #expect(result.heads.first?.status == 200)
            // The 1xx block's own header must not leak into the final head.
            #expect(result.heads.first?.headers.first("link") == nil)
            #expect(result.bodyString == "final")
            #expect(result.finished.count == 1)
        }
    }

    @Test func chunkedBodyArrivesIncrementally() async throws {
        try await UpstreamFixture.with { fixture in
            let delegate = RecordingDelegate()
            _ = fixture.client.execute(fixture.request("/gated/incremental"), delegate: delegate)

            // The server holds the rest until the gate opens, so this can only pass if the first
            // chunk was delivered on its own.
            let early = await delegate.state.wait { !$0.body.isEmpty }
            #expect(early.bodyString == "first;")
            #expect(!early.isTerminated)
            #expect(early.heads.count == 1)

            fixture.server.recorder.openGate("incremental")
            let result = await delegate.waitForEnd()
            #expect(result.bodyString == "first;second;")
            #expect(result.finished.count == 1)
            #expect(result.violations.isEmpty)
        }
    }

    @Test func headerInjectionIsRefusedBeforeSending() async throws {
        try await UpstreamFixture.with { fixture in
            let request = fixture.request("/echo", headers: [HTTPField("X-Evil", "a\r\nInjected: yes")])
            let result = await fixture.run(request)
            #expect(result.failures.map(\.kind) == [.transport])
            #expect(result.failures.first?.message.contains("Injected") == false)
            // Barrier: a later request completes, so the refused one would have been seen by now.
            _ = await fixture.run(fixture.request("/echo"))
            #expect(fixture.server.state.requests.count == 1)
        }
    }

    @Test func truncatedBodyIsATransportFailure() async throws {
        try await UpstreamFixture.with { fixture in
            let result = await fixture.run(fixture.request("/truncated"))
            #expect(result.heads.first?.status == 200)
            #expect(result.bodyString == "12345")
            #expect(result.failures.map(\.kind) == [.transport])
            #expect(result.finished.isEmpty)
        }
    }
}
