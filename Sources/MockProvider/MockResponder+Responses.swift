import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignalboxCore

extension MockResponder {
    static func headers(requestNumber: Int?, contentType: String = "application/json") -> HTTPFields {
        var headers: HTTPFields = [.contentType: contentType]
        if let requestNumber {
            headers[Self.requestIDField] = "mock-req-\(requestNumber)"
        }
        return headers
    }

    static let requestIDField = HTTPField.Name("x-request-id")!

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok, requestNumber: Int?) -> Response {
        Response(status: status, headers: headers(requestNumber: requestNumber), body: .init(byteBuffer: encode(value)))
    }

    static func encode(_ value: some Encodable) -> ByteBuffer {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return ByteBuffer(bytes: try encoder.encode(value))
        } catch {
            // Only reachable with non-finite numbers, which the mock never produces.
            return ByteBuffer(
                string: #"{"error":{"message":"mock provider could not encode its reply","type":"server_error","param":null,"code":null}}"#)
        }
    }

    /// An error in OpenAI's shape with its faithful status.
    static func error(_ error: GatewayError, requestNumber: Int?) -> Response {
        var response = json(error.openAIBody, status: HTTPResponse.Status(code: error.status), requestNumber: requestNumber)
        if let retryAfter = error.retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        return response
    }

    static func injectedFailure(status: Int, retryAfter: Int?, code: String? = nil, requestNumber: Int) -> Response {
        let body = OpenAIErrorBody(
            error: .init(
                message: "mock provider injected failure", type: status == 429 ? "rate_limit_error" : "server_error", param: nil,
                code: code ?? "mock_injected_failure"))
        var response = json(body, status: HTTPResponse.Status(code: status), requestNumber: requestNumber)
        if let retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        return response
    }

    /// Turns a decoding failure into the 400 an OpenAI-compatible API would answer.
    static func badRequest(_ error: any Error, requestNumber: Int) -> Response {
        if let gatewayError = error as? GatewayError {
            return Self.error(gatewayError, requestNumber: requestNumber)
        }
        guard let decodingError = error as? DecodingError else {
            return Self.error(.invalidJSON("The request body is not valid JSON."), requestNumber: requestNumber)
        }
        func param(_ path: [any CodingKey], _ key: (any CodingKey)? = nil) -> String {
            let keys = path + (key.map { [$0] } ?? [])
            return keys.reduce("") { result, key in
                if let index = key.intValue { return result + "[\(index)]" }
                return result.isEmpty ? key.stringValue : result + "." + key.stringValue
            }
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            let name = param(context.codingPath, key)
            return Self.error(.invalidRequest("Missing required parameter: '\(name)'.", param: name), requestNumber: requestNumber)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let name = param(context.codingPath)
            return Self.error(
                .invalidRequest("Invalid type for '\(name)': \(context.debugDescription)", param: name), requestNumber: requestNumber)
        case .dataCorrupted(let context) where !context.codingPath.isEmpty:
            let name = param(context.codingPath)
            return Self.error(
                .invalidRequest("Invalid value for '\(name)': \(context.debugDescription)", param: name), requestNumber: requestNumber)
        default:
            return Self.error(.invalidJSON("The request body is not valid JSON."), requestNumber: requestNumber)
        }
    }
}
