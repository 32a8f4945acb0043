import Foundation
import MockProvider
import Providers
import SignalboxCore
import Testing

/// The mock speaking the Gemini API over HTTP, read back with the Gemini adapter's own types and
/// translators (https://ai.google.dev/api/generate-content).
@Suite struct GeminiFlavorTests {
    static let key = "gemini-mock-key"

    private func configuration(_ faults: MockFaults = .init()) -> MockProviderConfiguration {
        MockProviderConfiguration(flavor: .gemini, faults: faults, apiKey: Self.key, models: ["gemini-mock", "embed-mock"])
    }

    private let auth = [("x-goog-api-key", Self.key)]
    private let adapter = GeminiAdapter(
        provider: ProviderConfig(id: "mock-gemini", kind: .gemini, baseURL: "http://127.0.0.1/v1beta"), clock: { 1 }, makeID: { "fallback" })

    private static let body = #"""
        {"systemInstruction":{"parts":[{"text":"You are terse."}]},
         "contents":[{"role":"user","parts":[{"text":"Hello there, Gemini mock!"}]}],
         "generationConfig":{"maxOutputTokens":50}}
        """#

    @Test func generateContentAnswersInGeminiShape() async throws {
        try await withMock(configuration()) { _, port in
            let response = try await call(port, "POST", "/v1beta/models/gemini-mock:generateContent", json: Self.body, headers: auth)
            #expect(response.status == 200)
            let answer = try response.decode(GeminiGenerateContentResponse.self)
            let candidate = try #require(answer.candidates?.first)
            #expect(candidate.content?.role == "model")
            #expect(candidate.finishReason == "STOP")
            let text = try #require(candidate.content?.parts.first?.text)
            #expect(text.hasPrefix("Mock reply to: Hello there, Gemini mock!"))
            #expect(answer.modelVersion == "gemini-mock", "the model comes from the path")
            #expect(answer.usageMetadata?.promptTokenCount == 7, "system + user words")
            let raw = try parseJSON(response.body)
            #expect(raw["choices"] == nil && raw["candidates"] != nil, "Gemini's shape, not OpenAI's")

            let canonical = try #require(try adapter.chatCompletionResponse(body: Array(response.body.utf8), model: "gemini-mock"))
            #expect(canonical.choices.first?.message.content == .text(text))
            #expect(canonical.choices.first?.finishReason == "stop")
            #expect(canonical.id == answer.responseId)
        }
    }

    @Test func keyGoesInXGoogAPIKey() async throws {
        try await withMock(configuration()) { _, port in
            let bearer = try await call(
                port, "POST", "/v1beta/models/gemini-mock:generateContent", json: Self.body, headers: [("Authorization", "Bearer \(Self.key)")])
            #expect(bearer.status == 401)
            let error = try bearer.decode(GeminiErrorBody.self).error
            #expect(error.status == "UNAUTHENTICATED")
            #expect(error.code == 401)
        }
    }

    @Test func streamGenerateContentSendsSSEPiecesThatTheAdapterReads() async throws {
        var faults = MockFaults()
        faults.chunks = 4
        try await withMock(configuration(faults)) { _, port in
            let whole = try await call(port, "POST", "/v1beta/models/gemini-mock:generateContent", json: Self.body, headers: auth)
            let expected = try #require(try whole.decode(GeminiGenerateContentResponse.self).candidates?.first?.content?.parts.first?.text)

            let response = try await call(port, "POST", "/v1beta/models/gemini-mock:streamGenerateContent", json: Self.body, headers: auth)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/event-stream")
            let events = response.body.components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }
            #expect(events.count == 4, "one event per piece")
            #expect(events.allSatisfy { $0.hasPrefix("data: {") })
            #expect(events.dropLast().allSatisfy { !$0.contains("finishReason") && !$0.contains("usageMetadata") })
            #expect(events.last?.contains(#""finishReason":"STOP""#) == true)

            var translator = try #require(adapter.makeStreamTranslator(model: "gemini-mock"))
            let chunks = try translator.consume(Array(response.body.utf8)) + translator.finish()
            #expect(chunks.first?.choices.first?.delta.role == "assistant")
            #expect(chunks.compactMap { $0.choices.first?.delta.content }.joined() == expected)
            #expect(chunks.compactMap { $0.choices.first?.finishReason } == ["stop"])
            #expect(chunks.last?.usage?.completionTokens == expected.split(separator: " ").count)
        }
    }

    @Test func functionDeclarationsGetAFunctionCall() async throws {
        let body = #"""
            {"contents":[{"role":"user","parts":[{"text":"Weather in Boston?"}]}],
             "tools":[{"functionDeclarations":[{"name":"get_weather","description":"Weather for a place",
               "parametersJsonSchema":{"type":"object","properties":{"location":{"type":"string"},"days":{"type":"integer"}},"required":["location"]}}]}],
             "toolConfig":{"functionCallingConfig":{"mode":"ANY"}}}
            """#
        try await withMock(configuration()) { _, port in
            let response = try await call(port, "POST", "/v1beta/models/gemini-mock:generateContent", json: body, headers: auth)
            #expect(response.status == 200)
            let candidate = try #require(try response.decode(GeminiGenerateContentResponse.self).candidates?.first)
            #expect(candidate.finishReason == "STOP", "Gemini reports STOP for function calls")
            let functionCall = try #require(candidate.content?.parts.first?.functionCall)
            #expect(functionCall.name == "get_weather")
            #expect(functionCall.id == nil, "the Gemini API sends no call ids")
            #expect(functionCall.args == .object(["location": .string("Weather in Boston?"), "days": .number(1)]))

            let canonical = try #require(try adapter.chatCompletionResponse(body: Array(response.body.utf8), model: "gemini-mock"))
            #expect(canonical.choices.first?.finishReason == "tool_calls")
            #expect(canonical.choices.first?.message.toolCalls?.first?.function.arguments == #"{"days":1,"location":"Weather in Boston?"}"#)

            // The whole call arrives in one stream event.
            let streamed = try await call(port, "POST", "/v1beta/models/gemini-mock:streamGenerateContent", json: body, headers: auth)
            let events = streamed.body.components(separatedBy: "\r\n\r\n").filter { !$0.isEmpty }
            #expect(events.count == 1)
            #expect(events[0].contains("functionCall") && events[0].contains("finishReason"))
        }
    }

    @Test func functionResponseEndsTheAgentLoop() async throws {
        let body = #"""
            {"contents":[{"role":"user","parts":[{"text":"Weather in Boston?"}]},
              {"role":"model","parts":[{"functionCall":{"name":"get_weather","args":{"location":"Boston"}}}]},
              {"role":"user","parts":[{"functionResponse":{"name":"get_weather","response":{"result":"sunny"}}}]}],
             "tools":[{"functionDeclarations":[{"name":"get_weather","parameters":{"type":"OBJECT","properties":{"location":{"type":"STRING"}}}}]}]}
            """#
        try await withMock(configuration()) { _, port in
            let response = try await call(port, "POST", "/v1beta/models/gemini-mock:generateContent", json: body, headers: auth)
            let part = try #require(try response.decode(GeminiGenerateContentResponse.self).candidates?.first?.content?.parts.first)
            #expect(part.functionCall == nil)
            #expect(part.text?.hasPrefix("Mock reply to: Weather in Boston?") == true)
        }
    }

    @Test(arguments: [(429, "RESOURCE_EXHAUSTED", "rate_limit_error"), (500, "INTERNAL", "api_error"), (503, "UNAVAILABLE", "api_error")])
    func injectedFailuresUseGoogleStatusNames(status: Int, name: String, type: String) async throws {
        try await withMock(configuration(MockFaults(status: status, retryAfter: 3, errorCode: "quota_exceeded"))) { _, port in
            let response = try await call(port, "POST", "/v1beta/models/gemini-mock:generateContent", json: Self.body, headers: auth)
            #expect(response.status == status)
            #expect(response.headers["retry-after"] == "3")
            let error = try response.decode(GeminiErrorBody.self).error
            #expect(error.code == status)
            #expect(error.status == name)
            #expect(error.details?.first?["reason"] == .string("quota_exceeded"))

            let headers = [HTTPField("Retry-After", "3")]
            let gatewayError = adapter.error(status: response.status, headers: headers, body: Array(response.body.utf8))
            #expect(gatewayError.type == type)
            #expect(gatewayError.codeName == name)
            #expect(gatewayError.retryAfter == 3)
        }
    }

    @Test func malformedRequestIsInvalidArgument() async throws {
        try await withMock(configuration()) { _, port in
            let response = try await call(port, "POST", "/v1beta/models/gemini-mock:generateContent", json: #"{"contents":[]}"#, headers: auth)
            #expect(response.status == 400)
            #expect(try response.decode(GeminiErrorBody.self).error.status == "INVALID_ARGUMENT")
            let unknown = try await call(port, "POST", "/v1beta/models/gemini-mock:countTokens", json: Self.body, headers: auth)
            #expect(unknown.status == 404)
            #expect(try unknown.decode(GeminiErrorBody.self).error.status == "NOT_FOUND")
        }
    }

    @Test func modelsAndEmbeddingsInGeminiShape() async throws {
        try await withMock(configuration()) { _, port in
            let models = try await call(port, "GET", "/v1beta/models", headers: auth)
            #expect(models.status == 200)
            #expect(try models.decode(GeminiModelList.self).models.map(\.name) == ["models/gemini-mock", "models/embed-mock"])

            let request = #"""
                {"requests":[{"model":"models/embed-mock","content":{"parts":[{"text":"ripe red apples"}]},"outputDimensionality":16},
                             {"model":"models/embed-mock","content":{"parts":[{"text":"ripe green apples"}]},"outputDimensionality":16}]}
                """#
            let response = try await call(port, "POST", "/v1beta/models/embed-mock:batchEmbedContents", json: request, headers: auth)
            #expect(response.status == 200)
            let canonical = try #require(try adapter.embeddingsResponse(body: Array(response.body.utf8), model: "embed-mock"))
            #expect(canonical.data.count == 2)
            #expect(canonical.data.allSatisfy { $0.embedding.count == 16 })
            #expect(cosine(canonical.data[0].embedding, canonical.data[1].embedding) > 0.25, "shared words embed close")
        }
    }
}
