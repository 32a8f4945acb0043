import Foundation
public import SignalboxCore

/// Signalbox's inbound Anthropic Messages API (`POST /v1/messages`): requests are translated into
/// the canonical Chat Completions request (`MessagesInboundRequest`, through the Anthropic
/// adapter's `AnthropicMessagesRequest.canonical()`), canonical answers back into Message objects
/// (`MessagesInbound.messageBody`), canonical chunks into Messages events
/// (`MessagesInboundStreamEncoder`) and errors into Anthropic's error shape. Pure: ids are passed in.
/// Reference: https://docs.anthropic.com/en/api/messages
public enum MessagesInbound {
    /// A new message id, `msg_` and 24 random base-62 characters like Anthropic's.
    public static func newMessageID() -> String {
        let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
        var generator = SystemRandomNumberGenerator()
        return "msg_" + String((0..<24).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
    }

    /// Anthropic's error body for a gateway error, `{"type":"error","error":{"type":…,"message":…}}`,
    /// with the type Anthropic pairs with the status (400 `invalid_request_error`, 401
    /// `authentication_error`, 403 `permission_error`, 404 `not_found_error`, 413
    /// `request_too_large`, 429 `rate_limit_error`, 503/529 `overloaded_error`, 500 `api_error`).
    // https://docs.anthropic.com/en/api/errors
    public static func errorBody(_ error: GatewayError) -> AnthropicErrorBody {
        AnthropicErrorBody(error: .init(type: AnthropicErrorBody.type(forStatus: error.status), message: error.message))
    }

    /// `errorBody` as JSON bytes.
    public static func errorJSON(_ error: GatewayError) -> [UInt8] {
        json(errorBody(error))
    }

    /// One SSE event: `event: <name>\ndata: <json>\n\n`.
    static func sseEvent(_ event: AnthropicStreamEvent) -> [UInt8] {
        WireEncoding.sseEvent(name: event.type, json: json(event))
    }

    static func json(_ value: some Encodable) -> [UInt8] { WireEncoding.json(value) }
}
