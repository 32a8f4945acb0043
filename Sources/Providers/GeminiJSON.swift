import Foundation
import SignalboxCore

/// Compact JSON text of Gemini's JSON values (function-call `args`, function `response`), with
/// sorted keys so the same value always gives the same text (Gemini's objects arrive as
/// dictionaries, whose order is not kept).
enum GeminiJSON {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func compact(_ value: JSONValue) -> String {
        // Encoding a JSONValue fails only for non-finite numbers, which JSON cannot carry anyway.
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
