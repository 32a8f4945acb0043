import Foundation
import SignalboxCore

/// Encoding shared by the inbound dialects' answers and events.
enum WireEncoding {
    /// Encodes a value with the shared encoder; wire types always encode.
    static func json(_ value: some Encodable) -> [UInt8] {
        do {
            return try [UInt8](SharedJSONCoders.encoder.encode(value))
        } catch {
            // Only non-finite doubles can fail; they never reach these types from valid JSON.
            preconditionFailure("wire type failed to encode: \(error)")
        }
    }

    /// One SSE event: `event: <name>\ndata: <json>\n\n`.
    static func sseEvent(name: String, json: [UInt8]) -> [UInt8] {
        var bytes = Array("event: \(name)\ndata: ".utf8)
        bytes.append(contentsOf: json)
        bytes.append(contentsOf: [0x0A, 0x0A])
        return bytes
    }
}
