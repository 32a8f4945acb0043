import Foundation
import Providers
import Testing

@Suite struct AWSEventStreamTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(AWSEventStreamCRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(AWSEventStreamCRC32.checksum([UInt8]()) == 0)
        let whole = AWSEventStreamCRC32.checksum(Array("hello world".utf8))
        #expect(AWSEventStreamCRC32.update(AWSEventStreamCRC32.checksum(Array("hello ".utf8)), with: Array("world".utf8)) == whole)
    }

    /// The documented example frames of the `event_stream` encoder (hex.pm/packages/event_stream),
    /// which follow https://docs.aws.amazon.com/transcribe/latest/dg/event-stream.html.
    @Test func encoderProducesKnownFrames() {
        let plain = AWSEventStreamEncoder.encode(AWSEventStreamMessage(headers: [], payload: Array(#"{"foo": "bar"}"#.utf8)))
        #expect(
            plain == [
                0, 0, 0, 30, 0, 0, 0, 0, 186, 242, 246, 138, 123, 34, 102, 111, 111, 34, 58, 32, 34, 98, 97, 114, 34, 125, 174, 114, 88, 228,
            ])
        let typed = AWSEventStreamEncoder.encode(
            AWSEventStreamMessage(stringHeaders: [("content-type", "application/json")], payload: Array(#"{"foo": "bar"}"#.utf8)))
        #expect(Array(typed.prefix(12)) == [0, 0, 0, 62, 0, 0, 0, 32, 64, 93, 249, 70])
        #expect(Array(typed.suffix(4)) == [111, 162, 191, 59])
    }

    static func sample() -> [AWSEventStreamMessage] {
        [
            .event("messageStart", json: Array(#"{"role":"assistant"}"#.utf8)),
            AWSEventStreamMessage(
                headers: [
                    (name: "flag", value: .bool(true)), (name: "off", value: .bool(false)), (name: "b", value: .byte(-3)),
                    (name: "s", value: .short(-300)), (name: "i", value: .integer(70_000)), (name: "l", value: .long(-5_000_000_000)),
                    (name: "raw", value: .bytes([0, 1, 255])), (name: "t", value: .timestamp(1_700_000_000_000)),
                    (name: "u", value: .uuid(Array(0..<16))), (name: ":event-type", value: .string("contentBlockDelta")),
                ], payload: Array(#"{"contentBlockIndex":0,"delta":{"text":"héllo"}}"#.utf8)),
            .exception("throttlingException", json: Array(#"{"message":"slow down"}"#.utf8)),
            AWSEventStreamMessage(headers: [], payload: []),
        ]
    }

    @Test func roundTripsEveryHeaderType() throws {
        let messages = Self.sample()
        let bytes = messages.flatMap(AWSEventStreamEncoder.encode)
        var decoder = AWSEventStreamDecoder()
        let decoded = try decoder.append(bytes)
        #expect(decoded == messages)
        #expect(decoded[0].eventType == "messageStart")
        #expect(decoded[0].messageType == "event")
        #expect(decoded[0].contentType == "application/json")
        #expect(decoded[2].exceptionType == "throttlingException")
        #expect(decoder.bufferedByteCount == 0)
        try decoder.finish()
    }

    @Test(arguments: [1, 2, 3, 7, 12, 13, 16, 64])
    func oddSplitsYieldTheSameMessages(pieceSize: Int) throws {
        let messages = Self.sample()
        let bytes = messages.flatMap(AWSEventStreamEncoder.encode)
        var decoder = AWSEventStreamDecoder()
        var decoded: [AWSEventStreamMessage] = []
        var index = 0
        while index < bytes.count {
            let end = min(bytes.count, index + pieceSize)
            decoded += try decoder.append(bytes[index..<end])
            index = end
        }
        #expect(decoded == messages)
        try decoder.finish()
    }

    @Test func truncatedStreamIsReportedAtFinish() throws {
        let bytes = AWSEventStreamEncoder.encode(Self.sample()[0])
        var decoder = AWSEventStreamDecoder()
        #expect(try decoder.append(bytes.dropLast(3)).isEmpty)
        #expect(decoder.bufferedByteCount == bytes.count - 3)
        #expect(throws: AWSEventStreamError.self) { try decoder.finish() }
    }

    @Test(arguments: [5, 9, 14, 40])
    func corruptedByteIsRejected(position: Int) {
        var bytes = AWSEventStreamEncoder.encode(Self.sample()[1])
        bytes[position] ^= 0x01
        var decoder = AWSEventStreamDecoder()
        do {
            _ = try decoder.append(bytes)
            Issue.record("a flipped bit at \(position) must not decode")
        } catch let error as AWSEventStreamError {
            #expect(error.isChecksumMismatch, "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func corruptedMessageCRCIsRejected() {
        var bytes = AWSEventStreamEncoder.encode(Self.sample()[0])
        bytes[bytes.count - 1] ^= 0xFF
        var decoder = AWSEventStreamDecoder()
        #expect(throws: AWSEventStreamError.self) { try decoder.append(bytes) }
    }
}
