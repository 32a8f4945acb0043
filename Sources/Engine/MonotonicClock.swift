import Foundation
import NIOCore

/// Time sources for the hot path: monotonic nanoseconds for durations, wall-clock milliseconds
/// for event timestamps.
enum MonotonicClock {
    @inline(__always)
    static func now() -> UInt64 { NIODeadline.now().uptimeNanoseconds }

    static func wallMilliseconds() -> UInt64 { UInt64(Date().timeIntervalSince1970 * 1000) }
}
