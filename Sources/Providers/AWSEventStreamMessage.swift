/// One message of an AWS event stream (`application/vnd.amazon.eventstream`): typed headers and
/// an opaque payload (JSON for Bedrock).
/// https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html (event stream encoding)
public struct AWSEventStreamMessage: Sendable, Hashable {
    /// Header names and values in wire order (each name appears once).
    public var headers: [(name: String, value: AWSEventStreamHeaderValue)]
    public var payload: [UInt8]

    public init(headers: [(name: String, value: AWSEventStreamHeaderValue)], payload: [UInt8]) {
        self.headers = headers
        self.payload = payload
    }

    /// A message with string headers, the shape every Bedrock message has.
    public init(stringHeaders: [(String, String)], payload: [UInt8]) {
        self.init(headers: stringHeaders.map { (name: $0.0, value: .string($0.1)) }, payload: payload)
    }

    /// An event (`:message-type event`) with a JSON payload, as ConverseStream sends them.
    public static func event(_ type: String, json payload: [UInt8]) -> AWSEventStreamMessage {
        AWSEventStreamMessage(
            stringHeaders: [(":event-type", type), (":content-type", "application/json"), (":message-type", "event")], payload: payload)
    }

    /// A modeled exception (`:message-type exception`) with a JSON `{"message":…}` payload.
    public static func exception(_ type: String, json payload: [UInt8]) -> AWSEventStreamMessage {
        AWSEventStreamMessage(
            stringHeaders: [(":exception-type", type), (":content-type", "application/json"), (":message-type", "exception")],
            payload: payload)
    }

    public func header(_ name: String) -> AWSEventStreamHeaderValue? {
        headers.first { $0.name == name }?.value
    }

    public var eventType: String? { header(":event-type")?.stringValue }
    public var messageType: String? { header(":message-type")?.stringValue }
    public var contentType: String? { header(":content-type")?.stringValue }
    public var exceptionType: String? { header(":exception-type")?.stringValue }

    public static func == (lhs: AWSEventStreamMessage, rhs: AWSEventStreamMessage) -> Bool {
        lhs.payload == rhs.payload && lhs.headers.count == rhs.headers.count
            && zip(lhs.headers, rhs.headers).allSatisfy { $0.name == $1.name && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        for header in headers {
            hasher.combine(header.name)
            hasher.combine(header.value)
        }
        hasher.combine(payload)
    }
}
