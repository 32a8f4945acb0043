/// Reassembles AWS event stream messages from bytes delivered in arbitrary pieces and verifies
/// both CRCs of each.
///
/// Framing (https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html, "event
/// stream encoding"): 4-byte big-endian total length, 4-byte headers length, CRC32 of those 8
/// bytes, the headers, the payload, and a CRC32 of everything before it. Each header is a 1-byte
/// name length, the name, a 1-byte value type and the value.
public struct AWSEventStreamDecoder: Sendable {
    /// 12 bytes of prelude (with its CRC) and 4 of message CRC.
    static let overhead = 16
    /// Bedrock's messages are small; anything near this is corruption, not a message.
    static let maximumMessageLength = 16 * 1024 * 1024

    private var buffer: [UInt8] = []
    private var start = 0

    public init() {}

    /// Bytes held for a message that has not completed yet.
    public var bufferedByteCount: Int { buffer.count - start }

    /// Feeds bytes and returns the messages they complete, in order. Throws on corrupt framing;
    /// the decoder cannot resynchronise after that.
    public mutating func append(_ bytes: some Sequence<UInt8>) throws -> [AWSEventStreamMessage] {
        buffer.append(contentsOf: bytes)
        var messages: [AWSEventStreamMessage] = []
        while let message = try nextMessage() {
            messages.append(message)
        }
        if start > 0, start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        } else if start > 4096, start * 2 > buffer.count {
            buffer.removeFirst(start)
            start = 0
        }
        return messages
    }

    /// The body ended: throws when a message was cut off.
    public func finish() throws {
        if bufferedByteCount > 0 { throw AWSEventStreamError.truncated(buffered: bufferedByteCount) }
    }

    private mutating func nextMessage() throws -> AWSEventStreamMessage? {
        let available = buffer.count - start
        guard available >= 12 else { return nil }
        let total = readUInt32(at: start)
        let headersLength = readUInt32(at: start + 4)
        let preludeCRC = readUInt32(at: start + 8)
        let computedPrelude = AWSEventStreamCRC32.checksum(buffer[start..<(start + 8)])
        guard computedPrelude == preludeCRC else {
            throw AWSEventStreamError.preludeChecksum(expected: preludeCRC, actual: computedPrelude)
        }
        guard total >= UInt32(Self.overhead), total <= UInt32(Self.maximumMessageLength),
            UInt64(headersLength) + UInt64(Self.overhead) <= UInt64(total)
        else {
            throw AWSEventStreamError.badLength(total: total, headers: headersLength)
        }
        let length = Int(total)
        guard available >= length else { return nil }
        let end = start + length
        let messageCRC = readUInt32(at: end - 4)
        let computedMessage = AWSEventStreamCRC32.checksum(buffer[start..<(end - 4)])
        guard computedMessage == messageCRC else {
            throw AWSEventStreamError.messageChecksum(expected: messageCRC, actual: computedMessage)
        }
        let headersStart = start + 12
        let headersEnd = headersStart + Int(headersLength)
        let headers = try Self.headers(buffer[headersStart..<headersEnd])
        let payload = Array(buffer[headersEnd..<(end - 4)])
        start = end
        return AWSEventStreamMessage(headers: headers, payload: payload)
    }

    private func readUInt32(at index: Int) -> UInt32 {
        buffer[index..<(index + 4)].reduce(0) { $0 << 8 | UInt32($1) }
    }

    static func headers(_ bytes: ArraySlice<UInt8>) throws -> [(name: String, value: AWSEventStreamHeaderValue)] {
        var headers: [(name: String, value: AWSEventStreamHeaderValue)] = []
        var index = bytes.startIndex
        func take(_ count: Int) throws -> ArraySlice<UInt8> {
            guard count >= 0, bytes.endIndex - index >= count else { throw AWSEventStreamError.badHeader("runs past the headers section") }
            defer { index += count }
            return bytes[index..<(index + count)]
        }
        func integer(_ count: Int) throws -> UInt64 {
            try take(count).reduce(0) { $0 << 8 | UInt64($1) }
        }
        while index < bytes.endIndex {
            let nameLength = Int(try integer(1))
            guard nameLength > 0 else { throw AWSEventStreamError.badHeader("empty name") }
            guard let name = String(validating: try take(nameLength), as: UTF8.self) else {
                throw AWSEventStreamError.badHeader("name is not UTF-8")
            }
            let type = try integer(1)
            let value: AWSEventStreamHeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: value = .byte(Int8(bitPattern: UInt8(try integer(1))))
            case 3: value = .short(Int16(bitPattern: UInt16(try integer(2))))
            case 4: value = .integer(Int32(bitPattern: UInt32(try integer(4))))
            case 5: value = .long(Int64(bitPattern: try integer(8)))
            case 6: value = .bytes(Array(try take(Int(try integer(2)))))
            case 7:
                guard let text = String(validating: try take(Int(try integer(2))), as: UTF8.self) else {
                    throw AWSEventStreamError.badHeader("value of '\(name)' is not UTF-8")
                }
                value = .string(text)
            case 8: value = .timestamp(Int64(bitPattern: try integer(8)))
            case 9: value = .uuid(Array(try take(16)))
            default: throw AWSEventStreamError.badHeader("unknown value type \(type) for '\(name)'")
            }
            headers.append((name: name, value: value))
        }
        return headers
    }
}
