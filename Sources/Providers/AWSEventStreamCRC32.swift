/// CRC-32 as the AWS event stream framing uses it (IEEE 802.3 / "GZIP CRC32": reflected
/// polynomial 0xEDB88320, initial value and final XOR 0xFFFFFFFF). swift-crypto has no CRC and
/// zlib is not importable here, so this is the small table-driven form.
/// https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html (event stream encoding)
public enum AWSEventStreamCRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 {
            value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1
        }
        return value
    }

    /// The checksum of `bytes`.
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        update(0, with: bytes)
    }

    /// Continues `crc` (a finished checksum of the bytes before) over more bytes.
    public static func update(_ crc: UInt32, with bytes: some Sequence<UInt8>) -> UInt32 {
        var value = ~crc
        for byte in bytes {
            value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8)
        }
        return ~value
    }
}
