import Foundation
public import NIOCore
public import SignalboxCore

/// Renders a `GatewayError` as an OpenAI-style HTTP error response.
public enum ErrorResponse {
    /// `Content-Type`, then `headers`, then `Retry-After` when the error has one.
    public static func headers(for error: GatewayError, adding headers: [HTTPField] = []) -> [HTTPField] {
        var fields = [HTTPField("Content-Type", "application/json")]
        fields.append(contentsOf: headers)
        if let retryAfter = error.retryAfter { fields.append(HTTPField("Retry-After", String(retryAfter))) }
        return fields
    }

    /// `{"error":{"message":…,"type":…,"param":…,"code":…}}`.
    public static func body(for error: GatewayError) -> ByteBuffer {
        let data = (try? JSONEncoder().encode(error.openAIBody)) ?? Data(#"{"error":{"message":"internal error"}}"#.utf8)
        return ByteBuffer(bytes: data)
    }
}
