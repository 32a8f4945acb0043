import NIOCore
import Providers
import Testing

@Suite("SSE event splitting")
struct SSEEventSplitterTests {
    private func split(_ pieces: [String]) -> (events: [String], data: [String?], rest: String?) {
        var splitter = SSEEventSplitter()
        var events: [String] = []
        var data: [String?] = []
        for piece in pieces {
            for event in splitter.append(ByteBuffer(string: piece)) {
                events.append(String(buffer: event.raw))
                data.append(event.data.map { String(buffer: $0) })
            }
        }
        return (events, data, splitter.flush().map { String(buffer: $0) })
    }

    @Test("whole events in one piece")
    func wholeEvents() {
        let result = split(["data: {\"a\":1}\n\ndata: [DONE]\n\n"])
        #expect(result.events == ["data: {\"a\":1}\n\n", "data: [DONE]\n\n"])
        #expect(result.data == ["{\"a\":1}", "[DONE]"])
        #expect(result.rest == nil)
    }

    @Test("events split across arbitrary piece boundaries", arguments: [1, 2, 3, 5, 7, 11])
    func arbitraryBoundaries(pieceSize: Int) {
        let stream = "data: {\"x\":\"one\"}\n\n: comment\ndata: two\n\nevent: ping\ndata: three\r\n\r\ndata: [DONE]\n\n"
        let bytes = Array(stream.utf8)
        let pieces = stride(from: 0, to: bytes.count, by: pieceSize).map {
            String(decoding: bytes[$0..<min(bytes.count, $0 + pieceSize)], as: UTF8.self)
        }
        let result = split(pieces)
        #expect(result.data == ["{\"x\":\"one\"}", "two", "three", "[DONE]"])
        #expect(result.events.joined() == stream)
    }

    @Test("CRLF and multi-line data")
    func crlfAndMultiline() {
        let result = split(["data: a\r\ndata: b\r\n\r\n"])
        #expect(result.data == ["a\nb"])
    }

    @Test("a trailing partial event is kept until flushed")
    func partial() {
        let result = split(["data: done\n\ndata: {\"partial\""])
        #expect(result.data == ["done"])
        #expect(result.rest == "data: {\"partial\"")
    }

    @Test("fields that only start with 'data' are not data")
    func notData() {
        let result = split(["dataset: x\ndata:y\n\n"])
        #expect(result.data == ["y"])
    }
}
