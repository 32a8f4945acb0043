import Hummingbird
import Logging

/// Renders every failure on the admin listener in OpenAI's error shape: `AdminAPIError`s as they
/// are, Hummingbird's own (unknown path, wrong method, body too large) translated, anything else
/// as a 500 without internals.
struct AdminErrorMiddleware: RouterMiddleware {
    typealias Context = AdminRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as AdminAPIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            let translated: AdminAPIError =
                switch error.status {
                case .notFound: .notFound("No admin endpoint \(request.method) \(request.uri.path).")
                case .methodNotAllowed: .methodNotAllowed("\(request.uri.path) does not accept \(request.method).")
                case .contentTooLarge: .badRequest("The request body is larger than \(context.maxUploadSize) bytes.", code: "request_too_large")
                default: error.status.code < 500 ? .badRequest(error.body ?? error.status.reasonPhrase) : .internalError(error.status.reasonPhrase)
                }
            return try translated.response(from: request, context: context)
        } catch {
            context.logger.error("admin request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return try AdminAPIError.internalError("The admin request failed; see the gateway's log.").response(from: request, context: context)
        }
    }
}
