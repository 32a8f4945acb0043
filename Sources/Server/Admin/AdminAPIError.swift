import Foundation
import Hummingbird
import NIOCore

/// An admin API request that cannot be answered, in OpenAI's error shape
/// (`{"error":{"message","type","code"}}`) with a faithful status. Messages never hold a token or
/// a secret.
struct AdminAPIError: HTTPResponseError, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case badRequest, unauthorized, forbidden, notFound, methodNotAllowed, conflict, storeUnavailable, internalError
    }

    private let code: Code
    let message: String
    /// OpenAI's machine-readable `code`.
    let codeName: String

    private init(_ code: Code, _ message: String, codeName: String) {
        self.code = code
        self.message = message
        self.codeName = codeName
    }

    var description: String { message }

    var status: HTTPResponse.Status {
        switch code {
        case .badRequest: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .conflict: .conflict
        case .storeUnavailable: .serviceUnavailable
        case .internalError: .internalServerError
        }
    }

    /// OpenAI's `type`.
    var type: String {
        switch code {
        case .badRequest, .notFound, .methodNotAllowed, .conflict: "invalid_request_error"
        case .unauthorized: "authentication_error"
        case .forbidden: "permission_error"
        case .storeUnavailable, .internalError: "api_error"
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let buffer = ByteBuffer(bytes: try JSONEncoder().encode(AdminErrorBody(error: .init(message: message, type: type, code: codeName))))
        var headers: HTTPFields = [.contentType: "application/json"]
        if code == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="signalbox-admin""# }
        return Response(status: status, headers: headers, body: .init(byteBuffer: buffer))
    }

    // MARK: - Constructors

    static func badRequest(_ message: String, code: String = "invalid_request") -> AdminAPIError {
        AdminAPIError(.badRequest, message, codeName: code)
    }

    static let noTokensConfigured = AdminAPIError(
        .unauthorized,
        "The admin API is disabled: no admin tokens are configured. Add admin.tokens to the configuration "
            + "(e.g. - { id: oncall, role: operator, secret: \"${SIGNALBOX_ADMIN_TOKEN}\" }) and restart.",
        codeName: "admin_api_disabled")

    static let missingToken = AdminAPIError(
        .unauthorized, "Missing admin token: send 'Authorization: Bearer <token>' with a token from admin.tokens.", codeName: "missing_admin_token")

    static let unknownToken = AdminAPIError(
        .unauthorized, "Incorrect admin token: it is not one of admin.tokens.", codeName: "invalid_admin_token")

    static func forbidden(id: String, role: String, required: String) -> AdminAPIError {
        AdminAPIError(
            .forbidden, "Admin token '\(id)' has role \(role); this endpoint needs \(required) or higher.", codeName: "insufficient_role")
    }

    static func notFound(_ message: String) -> AdminAPIError {
        AdminAPIError(.notFound, message, codeName: "not_found")
    }

    static func methodNotAllowed(_ message: String) -> AdminAPIError {
        AdminAPIError(.methodNotAllowed, message, codeName: "method_not_allowed")
    }

    static func conflict(_ message: String) -> AdminAPIError {
        AdminAPIError(.conflict, message, codeName: "conflict")
    }

    static func storeUnavailable(_ reason: String) -> AdminAPIError {
        AdminAPIError(.storeUnavailable, reason, codeName: "store_not_configured")
    }

    static func internalError(_ message: String) -> AdminAPIError {
        AdminAPIError(.internalError, message, codeName: "internal_error")
    }
}
