import Foundation
import SignalboxCore

/// Signalbox's inbound OpenAI Responses API (`POST /v1/responses`): requests are translated into
/// the canonical Chat Completions request (`ResponsesInboundRequest`), canonical answers back
/// into Response objects (`ResponsesInbound.answer`) and canonical chunks into Responses events
/// (`ResponsesInboundStreamEncoder`). Pure: ids and timestamps are passed in.
/// Reference: https://platform.openai.com/docs/api-reference/responses
public enum ResponsesInbound {
    /// A new response id, `resp_` and 48 hex digits like OpenAI's.
    public static func newResponseID() -> String {
        "resp_" + randomHex(bytes: 24)
    }

    /// The id of an output item, derived from the response id so a response is reproducible:
    /// `resp_X` → `msg_X_0`, `fc_X_1`.
    static func itemID(prefix: String, responseID: String, outputIndex: Int) -> String {
        let base = responseID.hasPrefix("resp_") ? String(responseID.dropFirst(5)) : responseID
        return "\(prefix)_\(base)_\(outputIndex)"
    }

    static func randomHex(bytes count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte, radix: 16).leftPadded(to: 2)
        }.joined()
    }

    /// One SSE event: `event: <name>\ndata: <json>\n\n`.
    static func sseEvent(name: String, json: [UInt8]) -> [UInt8] { WireEncoding.sseEvent(name: name, json: json) }

    /// Encodes a value with the shared encoder; the wire types here always encode.
    static func json(_ value: some Encodable) -> [UInt8] { WireEncoding.json(value) }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
