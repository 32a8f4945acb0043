import Foundation
import MockProvider
import SignalboxCore
import Synchronization
import Testing

@Suite struct FaultTests {
    @Test(arguments: [500, 502, 503, 429])
    func statusFailsEveryEndpointWithRetryAfter(status: Int) async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults = MockFaults(status: status, retryAfter: 7)
        try await withMock(configuration) { server, port in
            let requests: [(String, String, String?)] = [
                ("POST", "/v1/chat/completions", chatBody()), ("POST", "/v1/embeddings", #"{"model":"e","input":"x"}"#),
                ("GET", "/v1/models", nil),
            ]
            for (index, (method, path, body)) in requests.enumerated() {
                let response = try await call(port, method, path, json: body)
                #expect(response.status == status)
                #expect(response.headers["retry-after"] == "7")
                #expect(response.headers["x-request-id"] == "mock-req-\(index + 1)")
                let error = try response.decode(OpenAIErrorBody.self).error
                #expect(error.message == "mock provider injected failure")
                #expect(error.type == (status == 429 ? "rate_limit_error" : "server_error"))
                let raw = try parseJSON(response.body)
                #expect(raw["error"]?["param"] == .null, "param is present and null")
            }
            #expect(server.stats.failuresInjected == 3)
            #expect(server.stats.requests == 3)
            // Control endpoints are exempt.
            #expect(try await call(port, "GET", "/_mock/stats").status == 200)
        }
    }

    @Test func failFirstLimitsTheFaultsToTheNextRequests() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults = MockFaults(status: 503, failFirst: 2)
        try await withMock(configuration) { server, port in
            var statuses: [Int] = []
            for _ in 0..<4 { statuses.append(try await call(port, "POST", "/v1/chat/completions", json: chatBody()).status) }
            #expect(statuses == [503, 503, 200, 200])
            #expect(server.stats.failuresInjected == 2)
            // What is left shows on the control API.
            #expect(try await call(port, "GET", "/_mock/faults").decode(MockFaults.self).failFirst == 0)
            #expect(try await call(port, "PUT", "/_mock/faults", json: #"{"fail_first":-1}"#).status == 400)
        }
    }

    @Test func failRateIsReproducibleFromTheSeed() async throws {
        var configuration = MockProviderConfiguration()
        configuration.seed = 7
        configuration.faults.failRate = 0.5

        func pattern(_ port: Int) async throws -> [Int] {
            var statuses: [Int] = []
            for _ in 0..<30 { statuses.append(try await call(port, "GET", "/v1/models").status) }
            return statuses
        }
        let (first, replay) = try await withMock(configuration) { server, port in
            let first = try await pattern(port)
            #expect(server.stats.failuresInjected == first.filter { $0 == 500 }.count)
            server.reset()
            return (first, try await pattern(port))
        }
        let other = try await withMock(configuration) { _, port in try await pattern(port) }
        let failures = first.filter { $0 == 500 }.count
        #expect(failures > 0 && failures < 30, "fail_rate 0.5 fails some but not all")
        #expect(Set(first) == [200, 500])
        #expect(other == first, "same seed, same sequence")
        #expect(replay == first, "reset() restarts the sequence")
    }

    @Test func latencyDelaysTheAnswerButNotControlEndpoints() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.latencyMs = 1_000
        try await withMock(configuration) { server, port in
            let order = CompletionLog()
            let clock = ContinuousClock()
            let start = clock.now
            async let slow: Int = {
                let status = try await call(port, "GET", "/v1/models").status
                order.append("v1")
                return status
            }()
            // The /v1 request has arrived and is being delayed; the control API answers meanwhile.
            try await server.waitForStats(timeout: .seconds(10)) { $0.modelsRequests == 1 }
            let stats = try await call(port, "GET", "/_mock/stats")
            order.append("control")
            #expect(stats.status == 200)
            #expect(try await slow == 200)
            #expect(clock.now - start >= .milliseconds(1_000))
            #expect(order.entries == ["control", "v1"])
        }
    }

    @Test func hangHoldsTheRequestUntilTheClientGoesAway() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.hang = true
        try await withMock(configuration) { server, port in
            let connection = try await LoopbackHTTPConnection.open(port: port)
            try await connection.send("POST", "/v1/chat/completions", headers: [("Content-Type", "application/json")], body: chatBody())
            try await server.waitForHangingRequests(timeout: .seconds(10)) { $0 == 1 }
            #expect(server.stats.chatRequests == 1)
            #expect(server.stats.failuresInjected == 0)
            // Other requests are still served (hang holds only its own request).
            server.updateFaults { $0.hang = false }
            #expect(try await call(port, "GET", "/v1/models").status == 200)
            #expect(server.hangingRequests == 1)
            connection.close()
            try await server.waitForHangingRequests(timeout: .seconds(5)) { $0 == 0 }
        }
    }

    @Test func stopEndsHangsWithoutAnAnswer() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults.hang = true
        let server = MockProviderServer(configuration: configuration)
        let port = try await server.start()
        let connection = try await LoopbackHTTPConnection.open(port: port)
        defer { connection.close() }
        try await connection.send("GET", "/v1/models")
        try await server.waitForHangingRequests(timeout: .seconds(10)) { $0 == 1 }
        await server.stop()
        #expect(server.hangingRequests == 0)
        await #expect(throws: LoopbackHTTPConnection.Failure.closedMidMessage) {
            _ = try await connection.readHead()
        }
    }

    @Test func faultsChangeAtRuntime() async throws {
        try await withMock { server, port in
            let before = try await call(port, "GET", "/v1/models")
            server.faults = MockFaults(status: 502)
            let during = try await call(port, "GET", "/v1/models")
            server.setFaults(MockFaults())
            let after = try await call(port, "GET", "/v1/models")
            let statuses: [Int] = [before.status, during.status, after.status]
            #expect(statuses == [200, 502, 200])
            #expect(server.stats.failuresInjected == 1)
        }
    }
}
