import Foundation
import Hummingbird
import SignalboxCore

/// Reads an admin request's JSON body strictly: an object, only the listed fields (a typo such as
/// `grace` for `grace_seconds` is a 400, not silently ignored), values of the right types. An
/// empty body is an empty object.
enum AdminJSONBody {
    static func decode<Body: Decodable>(
        _ type: Body.Type, from request: Request, context: AdminRequestContext, fields: [String]
    ) async throws -> Body {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let data = buffer.readableBytes == 0 ? Data("{}".utf8) : Data(buffer.readableBytesView)
        guard let object = try? JSONDecoder().decode([String: JSONValue].self, from: data) else {
            throw AdminAPIError.badRequest("The request body must be a JSON object.", code: "invalid_json")
        }
        if let unknown = object.keys.sorted().first(where: { !fields.contains($0) }) {
            throw AdminAPIError.badRequest(
                "Unknown field '\(unknown)'; this endpoint accepts: \(fields.joined(separator: ", ")).", code: "unknown_field")
        }
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch let error as DecodingError {
            throw AdminAPIError.badRequest(describe(error))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _): return "Missing required field '\(key.stringValue)'."
        case .typeMismatch(let type, let context): return "Field '\(path(context))': expected \(describe(type))."
        case .valueNotFound(let type, let context): return "Field '\(path(context))': expected \(describe(type)), got null."
        case .dataCorrupted(let context): return "Field '\(path(context))': \(context.debugDescription)"
        @unknown default: return "The request body could not be read."
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is [String].Type: "a list of strings"
        case is Bool.Type: "true or false"
        default: "a \(type)"
        }
    }
}
