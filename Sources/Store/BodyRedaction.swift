import Foundation
import SignalboxCore

/// `request_log.bodies: redacted`: a body keeps its shape — keys, numbers, booleans, roles, model
/// and tool names — while every other text is replaced by its length, so what was asked and
/// answered is gone but the request can still be read for structure (how many messages, which
/// tools, which parameters). A body that is not JSON (an SSE transcript) is kept as its line
/// structure with each `data:` payload redacted the same way.
public enum BodyRedaction {
    /// Keys whose string values describe structure, not content; kept as they are.
    static let kept: Set<String> = [
        "model", "role", "type", "object", "id", "name", "finish_reason", "stop_reason", "tool_call_id", "tool_choice", "stop",
        "response_format", "service_tier", "system_fingerprint", "event", "index", "created", "status", "detail",
    ]

    public static func redact(_ bytes: [UInt8]) -> String {
        if let value = try? SharedJSONCoders.decoder.decode(JSONValue.self, from: Data(bytes)) {
            return encode(redact(value, key: nil))
        }
        // SSE: `data: {json}` lines, blank separators, `event:` names.
        let text = String(decoding: bytes, as: UTF8.self)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            guard line.hasPrefix("data:") else { return line.hasPrefix("event:") || line.isEmpty ? String(line) : "[redacted: \(line.utf8.count) bytes]" }
            let payload = line.dropFirst(5).drop { $0 == " " }
            if payload == "[DONE]" { return String(line) }
            guard let value = try? SharedJSONCoders.decoder.decode(JSONValue.self, from: Data(payload.utf8)) else {
                return "data: [redacted: \(payload.utf8.count) bytes]"
            }
            return "data: " + encode(redact(value, key: nil))
        }.joined(separator: "\n")
    }

    static func redact(_ value: JSONValue, key: String?) -> JSONValue {
        switch value {
        case .string(let text):
            if let key, kept.contains(key) { return value }
            return .string("[redacted: \(text.count) chars]")
        case .array(let items):
            return .array(items.map { redact($0, key: key) })
        case .object(let fields):
            return .object(Dictionary(uniqueKeysWithValues: fields.map { ($0.key, redact($0.value, key: $0.key)) }))
        case .null, .bool, .number:
            return value
        }
    }

    private static func encode(_ value: JSONValue) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }
}
