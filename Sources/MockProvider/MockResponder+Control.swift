import Foundation
import Hummingbird
import NIOCore
import SignalboxCore

extension MockResponder {
    /// `/_mock/…`: stats, recorded requests and faults. Exempt from faults, latency and the API key,
    /// and neither recorded nor counted.
    func control(_ request: Request, path: String) async throws -> Response {
        let method = request.method.rawValue
        switch (method, path) {
        case ("GET", "/_mock/stats"):
            return Self.json(ledger.stats, requestNumber: nil)
        case ("GET", "/_mock/requests"):
            return Self.json(RecordedRequestList(requests: ledger.records), requestNumber: nil)
        case ("DELETE", "/_mock/requests"):
            ledger.reset()
            return Self.json(RecordedRequestList(requests: []), requestNumber: nil)
        case ("GET", "/_mock/faults"):
            return Self.json(ledger.faults, requestNumber: nil)
        case ("PUT", "/_mock/faults"):
            var request = request
            let body: ByteBuffer
            do {
                body = try await request.collectBody(upTo: 1024 * 1024)
            } catch {
                return Self.error(.bodyTooLarge(limit: 1024 * 1024), requestNumber: nil)
            }
            let patch: JSONValue
            do {
                patch = try JSONDecoder().decode(JSONValue.self, from: Data(body.readableBytesView))
            } catch {
                return Self.error(.invalidJSON("The faults body is not valid JSON: send a JSON object such as {\"status\":503}."), requestNumber: nil)
            }
            do {
                let merged = try ledger.updateFaults { (current) throws(MockProviderError) in try current.merging(patch) }
                return Self.json(merged, requestNumber: nil)
            } catch {
                return Self.error(.invalidRequest(error.message), requestNumber: nil)
            }
        case (_, "/_mock/stats"), (_, "/_mock/requests"), (_, "/_mock/faults"):
            return Self.error(.methodNotAllowed(method: method, path: path), requestNumber: nil)
        default:
            return Self.error(.notFound(method: method, path: path), requestNumber: nil)
        }
    }

}
