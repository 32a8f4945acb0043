import Foundation

/// The value of one event stream header. The framing defines ten value types; Bedrock only sends
/// strings (`:event-type`, `:message-type`, `:content-type`, `:exception-type`), but a decoder
/// must be able to step over the others.
/// https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html (event stream encoding)
public enum AWSEventStreamHeaderValue: Sendable, Hashable {
    case bool(Bool)
    case byte(Int8)
    case short(Int16)
    case integer(Int32)
    case long(Int64)
    case bytes([UInt8])
    case string(String)
    /// Milliseconds since the Unix epoch.
    case timestamp(Int64)
    case uuid([UInt8])

    /// The wire type id of the value.
    var typeID: UInt8 {
        switch self {
        case .bool(let value): value ? 0 : 1
        case .byte: 2
        case .short: 3
        case .integer: 4
        case .long: 5
        case .bytes: 6
        case .string: 7
        case .timestamp: 8
        case .uuid: 9
        }
    }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }
}
