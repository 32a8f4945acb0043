import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignalboxCore

/// Answers every request of the mock: its flavor's API endpoints with faults applied, and the
/// `/_mock` control endpoints, which are exempt from faults and not recorded.
struct MockResponder: HTTPResponder {
    typealias Context = MockRequestContext

    /// Request bodies above this are refused with 413 before anything else happens.
    static let maxBodyBytes = 32 * 1024 * 1024

    let ledger: MockProviderLedger
    let configuration: MockProviderConfiguration
    let dialect: any MockDialect

    init(ledger: MockProviderLedger, configuration: MockProviderConfiguration) {
        self.ledger = ledger
        self.configuration = configuration
        self.dialect = configuration.flavor.dialect
    }

    func respond(to request: Request, context: MockRequestContext) async throws -> Response {
        let path = request.uri.path
        if path == "/_mock" || path.hasPrefix("/_mock/") {
            return try await control(request, path: path)
        }
        if path == "/token", request.method == .post, let gemini = dialect as? GeminiMockDialect {
            // Google's OAuth token endpoint (vertex service accounts): recorded, never faulted.
            var request = request
            let form = (try? await request.collectBody(upTo: 65_536)) ?? ByteBuffer()
            let number = ledger.admit(.unknown, record: Self.record(request, body: form), authorized: true).requestNumber
            let answer = gemini.tokenAnswer(form: form, apiKey: configuration.apiKey)
            return Response(status: answer.status, headers: Self.headers(requestNumber: number), body: .init(byteBuffer: answer.body))
        }
        let endpoint = dialect.endpoint(method: request.method.rawValue, path: path)
        if endpoint == .unknown, !(path == "/v1" || path.hasPrefix("/v1/")) {
            return error(.notFound(method: request.method.rawValue, path: path), requestNumber: nil)
        }
        return try await serve(request, endpoint: endpoint, path: path, context: context)
    }

    /// The API pipeline: record and count, check the API key, then latency, hang, injected
    /// failure, and finally the endpoint itself.
    private func serve(_ request: Request, endpoint: MockEndpoint, path: String, context: MockRequestContext) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            return self.error(.bodyTooLarge(limit: Self.maxBodyBytes), requestNumber: nil)
        }
        let record = Self.record(request, body: body)
        let admission = ledger.admit(endpoint, record: record, authorized: isAuthorized(request))
        let number = admission.requestNumber

        if admission.decision == .unauthorized {
            return error(.unauthorized("Incorrect API key provided to the mock provider."), requestNumber: number)
        }
        switch endpoint {
        case .unknown:
            return error(.notFound(method: request.method.rawValue, path: path), requestNumber: number)
        case .methodNotAllowed:
            return error(.methodNotAllowed(method: request.method.rawValue, path: path), requestNumber: number)
        case .chatCompletions, .embeddings, .models:
            break
        }
        if admission.faults.latencyMs > 0 {
            do {
                try await ledger.sleep(for: .milliseconds(admission.faults.latencyMs))
            } catch {
                // Stopping: drop the connection rather than answer.
                context.channel.close(promise: nil)
                throw error
            }
        }
        switch admission.decision {
        case .hang:
            try await hang(request, context: context)
        case .fail(let status, let retryAfter):
            return injectedFailure(status: status, retryAfter: retryAfter, code: admission.faults.errorCode, requestNumber: number)
        case .unauthorized, .proceed:
            break
        }
        switch endpoint {
        case .chatCompletions:
            return chatCompletion(body: body, endpoint: endpoint, request: request, admission: admission)
        case .embeddings:
            return embeddings(body: body, endpoint: endpoint, requestNumber: number)
        default:
            return models(requestNumber: number)
        }
    }

    private func isAuthorized(_ request: Request) -> Bool {
        guard let apiKey = configuration.apiKey else { return true }
        return dialect.isAuthorized(request, apiKey: apiKey)
    }

    /// Holds the request without answering until the client goes away or the mock stops, then
    /// closes the connection without a response.
    private func hang(_ request: Request, context: MockRequestContext) async throws -> Never {
        ledger.hangBegan()
        defer { ledger.hangEnded() }
        do {
            try await request.body.consumeWithCancellationOnInboundClose { _ -> Void in
                await ledger.waitUntilStopping()
            }
        } catch {
            // Client gone or mock stopping: either way the hang is over.
        }
        context.channel.close(promise: nil)
        throw CancellationError()
    }

    /// The request as it will be kept for `/_mock/requests`; header values are stored, never logged.
    private static func record(_ request: Request, body: ByteBuffer) -> RecordedRequest {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName.lowercased()
            if let existing = headers[name] {
                headers[name] = existing + ", " + field.value
            } else {
                headers[name] = field.value
            }
        }
        let bodyText = String(buffer: body)
        let json = body.readableBytes > 0 ? try? JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView)) : nil
        return RecordedRequest(
            method: request.method.rawValue, path: request.head.path ?? request.uri.path, headers: headers, bodyText: bodyText, body: json)
    }
}
