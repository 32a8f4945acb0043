import Foundation
import SignalboxCore
import Testing

@testable import MockProvider

/// The pure parts, without sockets.
@Suite struct MockLogicTests {
    @Test func fnv1aMatchesTheReferenceValues() {
        #expect(MockEmbedder.fnv1a64("") == 0xcbf2_9ce4_8422_2325)
        #expect(MockEmbedder.fnv1a64("a") == 0xaf63_dc4c_8601_ec8c)
        #expect(MockEmbedder.fnv1a64("foobar") == 0x8594_4171_f739_67e8)
    }

    @Test func embeddingsIgnoreCaseAndPunctuation() {
        let embedder = MockEmbedder(dimensions: 32)
        #expect(embedder.embedding(of: "Hello, World!") == embedder.embedding(of: "hello world"))
        #expect(embedder.embedding(of: "").count == 32)
    }

    @Test func seededGeneratorIsReproducible() {
        var a = SplitMix64(seed: 1)
        var b = SplitMix64(seed: 1)
        var c = SplitMix64(seed: 2)
        let first = (0..<5).map { _ in a.next() }
        #expect(first == (0..<5).map { _ in b.next() })
        #expect(first != (0..<5).map { _ in c.next() })
        var unit = SplitMix64(seed: 3)
        #expect((0..<1000).allSatisfy { _ in (0..<1).contains(unit.nextUnitInterval()) })
    }

    @Test(arguments: [1, 2, 5, 13, 40])
    func wordSplitsConcatenateBack(pieces: Int) {
        let text = MockChatReply.replyText(to: "split me into pieces please", minimumWords: pieces)
        let split = MockChatReply.split(words: text, into: pieces)
        #expect(split.joined() == text)
        #expect(split.count == pieces)
        #expect(split.allSatisfy { !$0.isEmpty })
    }

    @Test func characterSplitsConcatenateBack() {
        let text = #"{"location":"Paris"}"#
        #expect(MockChatReply.split(characters: text, into: 4).joined() == text)
        #expect(MockChatReply.split(characters: text, into: 4).count == 4)
        #expect(MockChatReply.split(characters: "{}", into: 8) == ["{", "}"])
    }

    @Test func recordsKeepTheLastThousand() {
        var state = MockProviderState(faults: MockFaults(), seed: 1)
        for index in 1...1005 {
            let record = RecordedRequest(method: "GET", path: "/v1/models?n=\(index)", headers: [:], bodyText: "", body: nil)
            _ = state.admit(.models, record: record, authorized: true)
        }
        #expect(state.records.count == 1000)
        #expect(state.records.first?.path == "/v1/models?n=6")
        #expect(state.records.last?.path == "/v1/models?n=1005")
        #expect(state.stats.requests == 1005)
    }

    @Test func admissionOrderIsUnauthorizedThenHangThenStatusThenRate() {
        var state = MockProviderState(faults: MockFaults(status: 503, failRate: 1, hang: true), seed: 1)
        let record = RecordedRequest(method: "GET", path: "/v1/models", headers: [:], bodyText: "", body: nil)
        #expect(state.admit(.models, record: record, authorized: false).0.decision == .unauthorized)
        #expect(state.admit(.models, record: record, authorized: true).0.decision == .hang)
        state.faults.hang = false
        #expect(state.admit(.models, record: record, authorized: true).0.decision == .fail(status: 503, retryAfter: nil))
        state.faults.status = nil
        #expect(state.admit(.models, record: record, authorized: true).0.decision == .fail(status: 500, retryAfter: nil))
        #expect(state.admit(.unknown, record: record, authorized: true).0.decision == .proceed, "faults only hit real endpoints")
        #expect(state.stats.failuresInjected == 2)
    }

    @Test func faultsDecodeFromAnEmptyObjectAndMergeStrictly() throws {
        let decoded = try JSONDecoder().decode(MockFaults.self, from: Data("{}".utf8))
        #expect(decoded == MockFaults())
        let merged = try MockFaults(status: 500).merging(.object(["fail_rate": .number(0.25), "status": .null]))
        #expect(merged == MockFaults(failRate: 0.25))
        #expect(throws: MockProviderError.self) { try MockFaults().merging(.object(["retry_after": .number(-1)])) }
        #expect(throws: MockProviderError.self) { try MockFaults().merging(.object(["hang": .string("yes")])) }
    }
}
