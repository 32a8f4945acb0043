import Foundation
import SignalboxCore

/// Converts between OpenAI's tool-call `arguments` (a JSON string) and Anthropic's `input` (an
/// object). Encoding sorts keys so the same input always gives the same string.
enum AnthropicToolArguments {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Compact JSON of a `tool_use` input.
    static func string(from input: JSONValue) -> String {
        guard let data = try? encoder.encode(input) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }

    /// The arguments as an object; empty arguments are `{}`. nil when they are not a JSON object.
    static func object(from arguments: String) -> JSONValue? {
        if arguments.allSatisfy(\.isWhitespace) { return .object([:]) }
        guard let value = try? SharedJSONCoders.decoder.decode(JSONValue.self, from: Data(arguments.utf8)),
            case .object = value
        else { return nil }
        return value
    }
}
