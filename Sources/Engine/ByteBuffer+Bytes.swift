import Foundation
import Glibc
import NIOCore
import SignalboxCore

extension ByteBuffer {
    /// Whether the readable bytes contain `needle`: `memchr` for its first byte, `memcmp` for the
    /// rest (the generic collection search cost tens of microseconds per SSE chunk, and this runs
    /// for every chunk).
    func containsBytes(_ needle: [UInt8]) -> Bool {
        guard let first = needle.first else { return true }
        return withUnsafeReadableBytes { haystack in
            guard haystack.count >= needle.count, let base = haystack.baseAddress else { return false }
            return needle.withUnsafeBytes { pattern in
                let last = haystack.count - pattern.count  // the last offset where the needle fits
                var offset = 0
                while offset <= last {
                    guard let hit = memchr(base + offset, Int32(first), last - offset + 1) else { return false }
                    if memcmp(hit, pattern.baseAddress!, pattern.count) == 0 { return true }
                    offset = base.distance(to: UnsafeRawPointer(hit)) + 1
                }
                return false
            }
        }
    }
}

extension ByteBuffer {
    /// `T` decoded from the readable bytes with the shared decoder, without copying them into a
    /// `Data` first (the relay and the usage probe run this for every answer and chunk).
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        try withUnsafeReadableBytes { raw in
            guard let base = raw.baseAddress else { return try SharedJSONCoders.decoder.decode(T.self, from: Data()) }
            return try SharedJSONCoders.decoder.decode(
                T.self, from: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none))
        }
    }
}
