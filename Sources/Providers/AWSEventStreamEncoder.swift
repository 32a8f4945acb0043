/// Frames messages in the AWS event stream encoding (the inverse of `AWSEventStreamDecoder`);
/// the mock provider uses it to answer ConverseStream, tests to build transcripts.
/// https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html (event stream encoding)
public enum AWSEventStreamEncoder {
    public static func encode(_ message: AWSEventStreamMessage) -> [UInt8] {
        var headers: [UInt8] = []
        for (name, value) in message.headers {
            let nameBytes = Array(name.utf8.prefix(255))
            headers.append(UInt8(nameBytes.count))
            headers += nameBytes
            headers.append(value.typeID)
            switch value {
            case .bool: break
            case .byte(let byte): headers.append(UInt8(bitPattern: byte))
            case .short(let short): append(UInt64(UInt16(bitPattern: short)), bytes: 2, to: &headers)
            case .integer(let integer): append(UInt64(UInt32(bitPattern: integer)), bytes: 4, to: &headers)
            case .long(let long): append(UInt64(bitPattern: long), bytes: 8, to: &headers)
            case .timestamp(let millis): append(UInt64(bitPattern: millis), bytes: 8, to: &headers)
            case .bytes(let bytes):
                let bytes = bytes.prefix(Int(UInt16.max))
                append(UInt64(bytes.count), bytes: 2, to: &headers)
                headers += bytes
            case .string(let string):
                let bytes = Array(string.utf8.prefix(Int(UInt16.max)))
                append(UInt64(bytes.count), bytes: 2, to: &headers)
                headers += bytes
            case .uuid(let bytes):
                headers += bytes.prefix(16) + [UInt8](repeating: 0, count: max(0, 16 - bytes.count))
            }
        }
        let total = AWSEventStreamDecoder.overhead + headers.count + message.payload.count
        var frame: [UInt8] = []
        frame.reserveCapacity(total)
        append(UInt64(total), bytes: 4, to: &frame)
        append(UInt64(headers.count), bytes: 4, to: &frame)
        append(UInt64(AWSEventStreamCRC32.checksum(frame)), bytes: 4, to: &frame)
        frame += headers
        frame += message.payload
        append(UInt64(AWSEventStreamCRC32.checksum(frame)), bytes: 4, to: &frame)
        return frame
    }

    private static func append(_ value: UInt64, bytes count: Int, to buffer: inout [UInt8]) {
        for shift in stride(from: (count - 1) * 8, through: 0, by: -8) {
            buffer.append(UInt8(truncatingIfNeeded: value >> UInt64(shift)))
        }
    }
}
