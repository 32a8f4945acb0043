import Foundation
import SignalboxCore

extension ResponsesInbound {
    /// Decodes an inbound request body, turning decoding failures into 400s that name the
    /// parameter as a path (`input[0].content`), the way OpenAI's and Anthropic's APIs do.
    /// (The same mapping as the engine's `RequestDecoder`, which Providers cannot import.)
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws(GatewayError) -> T {
        guard !body.isEmpty else { throw .invalidJSON("The request body is empty: send a JSON object.") }
        do {
            return try SharedJSONCoders.decoder.decode(T.self, from: Data(body))
        } catch let error as GatewayError {
            throw error
        } catch let error as DecodingError {
            throw gatewayError(for: error)
        } catch {
            throw .invalidJSON("The request body is not valid JSON.")
        }
    }

    static func gatewayError(for error: DecodingError) -> GatewayError {
        switch error {
        case .keyNotFound(let key, let context):
            let param = path(context.codingPath + [key])
            return .invalidRequest("Missing required parameter: '\(param)'.", param: param)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let param = path(context.codingPath)
            if param.isEmpty { return .invalidJSON("The request body must be a JSON object.") }
            return .invalidRequest("Invalid type for '\(param)': \(context.debugDescription)", param: param)
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty { return .invalidJSON("The request body is not valid JSON (or not valid UTF-8).") }
            let param = path(context.codingPath)
            return .invalidRequest("Invalid value for '\(param)': \(context.debugDescription)", param: param)
        @unknown default:
            return .invalidJSON("The request body could not be decoded.")
        }
    }

    /// `input[0].content` from a coding path.
    static func path(_ codingPath: [any CodingKey]) -> String {
        var result = ""
        for key in codingPath {
            if let index = key.intValue {
                result += "[\(index)]"
            } else if key.stringValue.hasPrefix("Index "), let index = Int(key.stringValue.dropFirst(6)) {
                result += "[\(index)]"
            } else {
                result += result.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return result
    }
}
