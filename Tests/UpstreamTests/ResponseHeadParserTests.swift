import SignalboxCore
import Testing

@testable import Upstream

@Suite("ResponseHeadParser")
struct ResponseHeadParserTests {
    private func feed(_ lines: [String]) -> [ResponseHeadParser.Action] {
        var parser = ResponseHeadParser()
        return lines.map { line in
            Array(line.utf8).withUnsafeBytes { parser.parse(line: $0) }
        }
    }

    @Test func parsesStatusLineAndFields() {
        let actions = feed(["HTTP/1.1 201 Created\r\n", "Content-Type: text/plain\r\n", "X-Space:   padded  \r\n", "\r\n"])
        let expected = UpstreamResponseHead(
            status: 201, headers: [HTTPField("Content-Type", "text/plain"), HTTPField("X-Space", "padded")], httpVersion: "1.1")
        #expect(actions.last == .head(expected))
    }

    @Test func parsesHTTP2StatusLine() {
        let actions = feed(["HTTP/2 200 \r\n", "server: x\r\n", "\r\n"])
        #expect(actions.last == .head(UpstreamResponseHead(status: 200, headers: [HTTPField("server", "x")], httpVersion: "2")))
    }

    @Test func skipsInformationalBlocks() {
        let actions = feed([
            "HTTP/1.1 100 Continue\r\n", "\r\n",
            "HTTP/1.1 103 Early Hints\r\n", "Link: </a.css>\r\n", "\r\n",
            "HTTP/1.1 200 OK\r\n", "A: b\r\n", "\r\n",
        ])
        #expect(actions.filter { $0 == .informational(100) || $0 == .informational(103) }.count == 2)
        #expect(actions.last == .head(UpstreamResponseHead(status: 200, headers: [HTTPField("A", "b")], httpVersion: "1.1")))
    }

    @Test func foldsContinuationLinesAndIgnoresTrailers() {
        let actions = feed(["HTTP/1.1 200 OK\r\n", "X-Long: one\r\n", "  two\r\n", "\r\n", "Trailer: x\r\n", "\r\n"])
        #expect(actions[3] == .head(UpstreamResponseHead(status: 200, headers: [HTTPField("X-Long", "one two")], httpVersion: "1.1")))
        #expect(actions[4] == .none)
        #expect(actions[5] == .none)
    }
}
