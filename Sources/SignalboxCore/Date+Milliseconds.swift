public import Foundation

extension Date {
    /// The date `milliseconds` after the Unix epoch (how the store and events keep times).
    public init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }

    /// Milliseconds since the Unix epoch, rounded down.
    public var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }
}
