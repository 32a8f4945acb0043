import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignalboxCore

extension MockResponder {
    /// The flavor's answer headers: its content type and its request-id header.
    func headers(requestNumber: Int?, contentType: String = "application/json") -> HTTPFields {
        var headers: HTTPFields = [.contentType: contentType]
        if let requestNumber, let name = HTTPField.Name(dialect.requestIDHeader) {
            headers[name] = "mock-req-\(requestNumber)"
        }
        return headers
    }

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

    /// An error in OpenAI's shape with its faithful status (control endpoints and tests).
    static func error(_ error: GatewayError, requestNumber: Int?) -> Response {
        respond(error, body: encode(error.openAIBody), requestNumber: requestNumber)
    }

    /// An error in the flavor's own shape with its faithful status.
    func error(_ error: GatewayError, requestNumber: Int?) -> Response {
        var response = Self.respond(error, body: dialect.errorBody(MockError(error)), requestNumber: nil)
        response.headers.append(contentsOf: headers(requestNumber: requestNumber).filter { $0.name != .contentType })
        return response
    }

    private static func respond(_ error: GatewayError, body: ByteBuffer, requestNumber: Int?) -> Response {
        var response = Response(
            status: HTTPResponse.Status(code: error.status), headers: headers(requestNumber: requestNumber), body: .init(byteBuffer: body))
        if let retryAfter = error.retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        return response
    }

    /// A failure injected by the fault settings, in the flavor's shape: 429 is a rate limit, the
    /// rest a server error; `code` replaces the error code (e.g. `insufficient_quota`).
    func injectedFailure(status: Int, retryAfter: Int?, code: String? = nil, requestNumber: Int) -> Response {
        let error = MockError(
            status: status, message: "mock provider injected failure", type: status == 429 ? "rate_limit_error" : "server_error",
            code: code ?? "mock_injected_failure")
        var response = Response(
            status: HTTPResponse.Status(code: status), headers: headers(requestNumber: requestNumber),
            body: .init(byteBuffer: dialect.errorBody(error)))
        if let retryAfter {
            response.headers[.retryAfter] = String(retryAfter)
        }
        return response
    }

    /// Turns a decoding failure into the 400 an OpenAI-compatible API would answer.
    func badRequest(_ error: any Error, requestNumber: Int) -> Response {
        if let gatewayError = error as? GatewayError {
            return self.error(gatewayError, requestNumber: requestNumber)
        }
        guard let decodingError = error as? DecodingError else {
            return self.error(.invalidJSON("The request body is not valid JSON."), requestNumber: requestNumber)
        }
        return self.error(.invalidBody(decodingError), requestNumber: requestNumber)
    }
}
