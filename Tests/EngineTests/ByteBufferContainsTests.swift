@testable import Engine
import NIOCore
import Testing

@Suite("Byte search in SSE chunks")
struct ByteBufferContainsTests {
    private let usage = Array(#""usage""#.utf8)

    @Test("finds the needle anywhere, including at either end and after a false start")
    func finds() {
        #expect(ByteBuffer(string: #"{"usage":{}}"#).containsBytes(usage))
        #expect(ByteBuffer(string: #""usage""#).containsBytes(usage))
        #expect(ByteBuffer(string: #"{"id":"x","choices":[],"usage""#).containsBytes(usage))
        #expect(ByteBuffer(string: #""usag"us"usage":1"#).containsBytes(usage))
    }

    @Test("misses when the needle is absent, cut or longer than the bytes")
    func misses() {
        // Quotes inside JSON strings are escaped, so a content of `"usage"` is not the key.
        #expect(!ByteBuffer(string: #"{"choices":[{"delta":{"content":"\"usage\""}}]}"#).containsBytes(usage))
        #expect(!ByteBuffer(string: #"{"usag":1}"#).containsBytes(usage))
        #expect(!ByteBuffer(string: #""usage"#).containsBytes(usage))
        #expect(!ByteBuffer(string: "").containsBytes(usage))
        #expect(ByteBuffer(string: "").containsBytes([]))
    }

    @Test("only the readable bytes count")
    func readableOnly() {
        var buffer = ByteBuffer(string: #""usage" then the rest"#)
        buffer.moveReaderIndex(forwardBy: 2)
        #expect(!buffer.containsBytes(usage))
        let slice = ByteBuffer(string: #"xx"usage"yy"#).getSlice(at: 2, length: 7)!
        #expect(slice.containsBytes(usage))
    }
}
