import Engine
import Hummingbird
import SignalboxCore

/// Authenticates every `/admin/v1/*` request by its bearer token and puts the holder in the
/// context; the route then checks the role. Health and readiness stay open.
struct AdminAuthMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext

    let authenticator: AdminAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/admin/") else { return try await next(request, context) }
        // Only `Authorization: Bearer …` carries an admin token.
        let headers = request.headers[.authorization].map { [HTTPField("authorization", $0)] } ?? []
        switch authenticator.authenticate(headers) {
        case .success(let identity):
            var context = context
            context.identity = identity
            return try await next(request, context)
        case .failure(.noTokensConfigured): throw AdminAPIError.noTokensConfigured
        case .failure(.missingToken): throw AdminAPIError.missingToken
        case .failure(.unknownToken): throw AdminAPIError.unknownToken
        }
    }
}
