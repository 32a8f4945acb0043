/// Deterministic body bytes, so a test can check every byte's value and position.
enum TestPattern {
    static func byte(at offset: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: offset % 251 &+ offset / 65_536)
    }

    static func bytes(_ range: Range<Int>) -> [UInt8] {
        range.map(byte(at:))
    }
}
