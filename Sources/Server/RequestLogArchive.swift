import Engine
import SignalboxCore
import Store

/// The request log as the control plane's archive for replay: rows queued to the store writer are
/// committed first, so a request answered a moment ago is found.
struct RequestLogArchive: RequestArchive {
    let log: SQLiteRequestLog
    let flush: @Sendable () async throws -> Void

    func archivedRequest(_ id: RequestID) async throws -> ArchivedRequest? {
        try await flush()
        guard let record = try await log.record(requestID: id.rawValue) else { return nil }
        return ArchivedRequest(
            id: id, timestampMs: UInt64(max(0, record.timeMs)), endpoint: record.endpoint, requestedModel: record.route, provider: record.provider,
            model: record.model, stream: record.stream, status: record.status, keyID: record.keyID, requestBody: record.requestBody,
            responseBody: record.responseBody, bodyCapture: record.bodyCapture, requestBodyLength: record.requestBodyLength,
            errorMessage: record.errorMessage, providerRequestID: record.providerRequestID)
    }
}
