import Foundation
import SignalboxCore
import Upstream

/// Calls to the admin listener over loopback, with or without a bearer token.
extension GatewayHarness {
    struct AdminAnswer: Sendable {
        var status: Int
        var body: String

        /// The body as JSON (nil when it is not JSON).
        var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(body.utf8)) }
    }

    func admin(_ method: OutboundRequest.Method, _ path: String, token: String?, body: String? = nil) async throws -> AdminAnswer {
        var headers: [HTTPField] = []
        if let token { headers.append(HTTPField("Authorization", "Bearer " + token)) }
        if body != nil { headers.append(HTTPField("Content-Type", "application/json")) }
        let request = OutboundRequest(
            method: method, url: adminURL + path, headers: headers, body: Array((body ?? "").utf8),
            timeouts: ProviderTimeouts(connectMs: 2_000, firstByteMs: 20_000, idleMs: 20_000, totalMs: 30_000), httpVersion: .http1)
        let answer = try await send(request)
        return AdminAnswer(status: answer.status, body: answer.body)
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        guard case .array(let items) = self else { return nil }
        return items
    }
}
