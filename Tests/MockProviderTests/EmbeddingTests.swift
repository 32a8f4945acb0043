import Foundation
import MockProvider
import SignalboxCore
import Testing

@Suite struct EmbeddingTests {
    private func embed(_ port: Int, _ input: String, extra: String = "") async throws -> EmbeddingResponse {
        let response = try await call(port, "POST", "/v1/embeddings", json: #"{"model":"mock-embed","input":\#(input)\#(extra)}"#)
        #expect(response.status == 200, "\(response.body)")
        return try response.decode(EmbeddingResponse.self)
    }

    @Test func vectorsAreDeterministicUnitLengthOnePerInput() async throws {
        let texts = ["The quick brown fox", "jumps over the lazy dog"]
        let first = try await withMock { server, port in
            let response = try await embed(port, #"["The quick brown fox","jumps over the lazy dog"]"#)
            #expect(server.stats.embeddingRequests == 1)
            return response
        }
        #expect(first.object == "list")
        #expect(first.model == "mock-embed")
        #expect(first.data.map(\.index) == [0, 1])
        #expect(first.data.map(\.object) == ["embedding", "embedding"])
        #expect(first.usage?.promptTokens == texts.reduce(0) { $0 + $1.split(separator: " ").count })
        for item in first.data {
            #expect(item.embedding.count == 64)
            #expect(abs(cosine(item.embedding, item.embedding) - 1) < 1e-9)
        }
        // Another server (another process would do the same: the hash is not seeded).
        let second = try await withMock { _, port in try await embed(port, #""The quick brown fox""#) }
        #expect(second.data.first?.embedding == first.data.first?.embedding)
    }

    @Test func sharedWordsAreCloserThanUnrelatedText() async throws {
        try await withMock { _, port in
            let response = try await embed(
                port, #"["How do I reset my password?","how can I reset a forgotten password","Best pizza toppings in Naples"]"#)
            let vectors = response.data.map(\.embedding)
            let related = cosine(vectors[0], vectors[1])
            let unrelated = cosine(vectors[0], vectors[2])
            #expect(related > unrelated)
            #expect(related > 0.5)
            #expect(abs(unrelated) < 0.4)
        }
    }

    @Test func dimensionsCanBeRequestedAndAreValidated() async throws {
        var configuration = MockProviderConfiguration()
        configuration.embeddingDimensions = 32
        try await withMock(configuration) { _, port in
            #expect(try await embed(port, #""hello""#).data.first?.embedding.count == 32)
            #expect(try await embed(port, #""hello""#, extra: #","dimensions":8"#).data.first?.embedding.count == 8)
            let bad = try await call(port, "POST", "/v1/embeddings", json: #"{"model":"m","input":"x","dimensions":0}"#)
            #expect(bad.status == 400)
            #expect(try bad.decode(OpenAIErrorBody.self).error.param == "dimensions")
            let empty = try await call(port, "POST", "/v1/embeddings", json: #"{"model":"m","input":[]}"#)
            #expect(empty.status == 400)
            let missing = try await call(port, "POST", "/v1/embeddings", json: #"{"model":"m"}"#)
            #expect(missing.status == 400)
            #expect(try missing.decode(OpenAIErrorBody.self).error.param == "input")
        }
    }
}
