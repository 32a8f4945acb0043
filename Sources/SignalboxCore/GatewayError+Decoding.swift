import Foundation

extension GatewayError {
    /// A request body that did not decode, as the 400 OpenAI's API answers: the parameter is
    /// named as a path (`messages[0].content`), and what was expected is said.
    public static func invalidBody(_ error: DecodingError) -> GatewayError {
        switch error {
        case .keyNotFound(let key, let context):
            let param = parameterPath(context.codingPath + [key])
            return .invalidRequest("Missing required parameter: '\(param)'.", param: param)
        case .typeMismatch(let type, let context):
            let param = parameterPath(context.codingPath)
            if param.isEmpty { return .invalidJSON("The request body must be a JSON object.") }
            return .invalidRequest("Invalid type for '\(param)': expected \(describe(type)).", param: param)
        case .valueNotFound(let type, let context):
            let param = parameterPath(context.codingPath)
            return .invalidRequest("Invalid value for '\(param)': expected \(describe(type)), got null.", param: param)
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return .invalidJSON("The request body is not valid JSON (or not valid UTF-8).")
            }
            let param = parameterPath(context.codingPath)
            return .invalidRequest("Invalid value for '\(param)': \(context.debugDescription)", param: param)
        @unknown default:
            return .invalidJSON("The request body could not be decoded.")
        }
    }

    /// `messages[0].content` from a coding path.
    public static func parameterPath(_ codingPath: [any CodingKey]) -> String {
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

    private static func describe(_ type: Any.Type) -> String {
        if type == String.self { return "a string" }
        if type == Bool.self { return "a boolean" }
        if type == Int.self || type == Int64.self { return "an integer" }
        if type == Double.self || type == Float.self { return "a number" }
        let name = String(describing: type)
        if name.hasPrefix("Array") { return "an array" }
        if name.hasPrefix("Dictionary") { return "an object" }
        return "a valid value"
    }
}
