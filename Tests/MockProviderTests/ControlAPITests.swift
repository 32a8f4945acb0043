import Foundation
import MockProvider
import SignalboxCore
import Testing

@Suite struct ControlAPITests {
    @Test func putMergesPartialFaultsAndNullClears() async throws {
        try await withMock { server, port in
            let initial = try await call(port, "GET", "/_mock/faults")
            #expect(try initial.decode(MockFaults.self) == MockFaults())
            // Every knob is visible, optionals as null.
            let keys = try parseJSON(initial.body)
            guard case .object(let fields) = keys else {
                Issue.record("faults are not an object: \(initial.body)")
                return
            }
            #expect(
                Set(fields.keys) == ["status", "retry_after", "fail_rate", "latency_ms", "chunks", "chunk_delay_ms", "cut_after", "hang", "fail_first", "error_code"])

            let put = try await call(port, "PUT", "/_mock/faults", json: #"{"status":503,"retry_after":2,"chunks":3}"#)
            #expect(put.status == 200)
            let merged = try put.decode(MockFaults.self)
            #expect(merged == MockFaults(status: 503, retryAfter: 2, chunks: 3))
            #expect(server.faults == merged)

            let cleared = try await call(port, "PUT", "/_mock/faults", json: #"{"status":null,"hang":true}"#)
            #expect(try cleared.decode(MockFaults.self) == MockFaults(retryAfter: 2, chunks: 3, hang: true))
            #expect(try await call(port, "GET", "/_mock/faults").decode(MockFaults.self) == server.faults)
        }
    }

    @Test(arguments: [
        #"{"stauts":503}"#, #"{"fail_rate":2}"#, #"{"chunks":0}"#, #"{"latency_ms":"slow"}"#, #"{"cut_after":1.5}"#, "[1]", "nope",
    ])
    func putRejectsBadFaultsAndKeepsTheOldOnes(body: String) async throws {
        try await withMock { server, port in
            server.faults = MockFaults(latencyMs: 5)
            let response = try await call(port, "PUT", "/_mock/faults", json: body)
            #expect(response.status == 400)
            #expect(try response.decode(OpenAIErrorBody.self).error.type == "invalid_request_error")
            #expect(server.faults == MockFaults(latencyMs: 5))
        }
    }

    @Test func requestsAreRecordedWithHeadersAndBody() async throws {
        try await withMock { server, port in
            let body = chatBody(model: "gpt-rec")
            _ = try await call(
                port, "POST", "/v1/chat/completions", json: body,
                headers: [("Authorization", "Bearer sk-upstream"), ("X-Custom", "one"), ("X-Custom", "two")])
            _ = try await call(port, "GET", "/v1/models?limit=2")
            _ = try await call(port, "GET", "/_mock/stats")

            let response = try await call(port, "GET", "/_mock/requests")
            #expect(response.status == 200)
            let list = try parseJSON(response.body)
            guard case .array(let items)? = list["requests"] else {
                Issue.record("no requests array: \(response.body)")
                return
            }
            let records = try items.map { item in
                try JSONDecoder().decode(RecordedRequest.self, from: JSONEncoder().encode(item))
            }
            #expect(records == server.recordedRequests)
            #expect(records.count == 2, "control requests are not recorded")
            let chat = try #require(records.first)
            #expect(chat.method == "POST")
            #expect(chat.path == "/v1/chat/completions")
            #expect(chat.headers["authorization"] == "Bearer sk-upstream")
            #expect(chat.headers["x-custom"] == "one, two")
            #expect(chat.headers["content-type"] == "application/json")
            #expect(chat.bodyText == body)
            #expect(chat.body?["model"] == .string("gpt-rec"))
            #expect(records[1].path == "/v1/models?limit=2")
            #expect(records[1].body == nil)
            #expect(items[1]["body"] == .null, "body is present as null when there is none")
            #expect(items[0]["body_text"]?.stringValue == body)
        }
    }

    @Test func deleteResetsRecordsAndStats() async throws {
        try await withMock { server, port in
            _ = try await call(port, "POST", "/v1/chat/completions", json: chatBody())
            _ = try await call(port, "GET", "/v1/models")
            #expect(server.stats.requests == 2)
            let deleted = try await call(port, "DELETE", "/_mock/requests")
            #expect(deleted.status == 200)
            #expect(server.stats == MockProviderStats())
            #expect(server.recordedRequests.isEmpty)
            let list = try await call(port, "GET", "/_mock/requests")
            #expect(try parseJSON(list.body)["requests"] == .array([]))
            // Request ids keep counting: they identify requests across resets.
            #expect(try await call(port, "GET", "/v1/models").headers["x-request-id"] == "mock-req-3")
        }
    }

    @Test func statsUseTheDocumentedKeys() async throws {
        try await withMock { _, port in
            _ = try await call(port, "GET", "/v1/models")
            let response = try await call(port, "GET", "/_mock/stats")
            let stats = try JSONDecoder().decode([String: Int].self, from: Data(response.body.utf8))
            #expect(
                Set(stats.keys) == [
                    "requests", "chat_requests", "embedding_requests", "models_requests", "failures_injected", "streams_started",
                    "streams_completed", "streams_cut", "streams_cancelled", "active_streams",
                ])
            #expect(stats["requests"] == 1)
            #expect(stats["models_requests"] == 1)
        }
    }

    @Test func controlEndpointsIgnoreFaults() async throws {
        var configuration = MockProviderConfiguration()
        configuration.faults = MockFaults(status: 500, latencyMs: 60_000, hang: true)
        configuration.apiKey = "sk-needed"
        try await withMock(configuration) { server, port in
            let stats = try await call(port, "GET", "/_mock/stats")
            let requests = try await call(port, "GET", "/_mock/requests")
            let put = try await call(port, "PUT", "/_mock/faults", json: #"{"hang":false}"#)
            let unknown = try await call(port, "GET", "/_mock/nothing")
            let wrongMethod = try await call(port, "POST", "/_mock/stats", json: "{}")
            #expect(stats.status == 200)
            #expect(requests.status == 200)
            #expect(put.status == 200)
            #expect(unknown.status == 404)
            #expect(wrongMethod.status == 405)
            #expect(server.stats == MockProviderStats())
        }
    }

    @Test func lifecycleReportsPortAndBaseURL() async throws {
        let server = MockProviderServer()
        #expect(server.port == nil)
        let port = try await server.start()
        #expect(port > 0)
        #expect(server.port == port)
        #expect(server.baseURL == "http://127.0.0.1:\(port)/v1")
        await #expect(throws: MockProviderError.alreadyStarted) { _ = try await server.start() }
        await server.stop()
        #expect(server.port == nil)
    }

    @Test func waitForStatsResumesOnChangeAndTimesOut() async throws {
        try await withMock { server, port in
            async let waited: Void = server.waitForStats { $0.modelsRequests >= 2 }
            _ = try await call(port, "GET", "/v1/models")
            _ = try await call(port, "GET", "/v1/models")
            await waited
            #expect(server.stats.modelsRequests == 2)

            await #expect {
                try await server.waitForStats(timeout: .milliseconds(50)) { $0.chatRequests > 0 }
            } throws: { error in
                (error as? MockProviderError)?.isTimeout == true
            }
            // Already true: returns at once.
            try await server.waitForStats(timeout: .seconds(1)) { $0.modelsRequests == 2 }
        }
    }

    @Test func cancellingAWaiterReturnsIt() async throws {
        let server = MockProviderServer()
        let task = Task { await server.waitForStats { $0.requests > 1_000_000 } }
        task.cancel()
        await task.value
    }
}
