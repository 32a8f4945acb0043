/// The request log: metadata of every request (and bodies by capture mode), searchable; written
/// through `StoreWriter`, trimmed by retention.
public protocol RequestLogStore: Sendable {
    func search(_ query: RequestLogQuery) async throws -> RequestLogPage
    /// One request with its captured bodies, or nil.
    func record(requestID: String) async throws -> RequestLogRecord?
    /// Deletes metadata older than `metadataBeforeMs` and bodies older than `bodiesBeforeMs`;
    /// returns the rows removed.
    func purge(metadataBeforeMs: Int64, bodiesBeforeMs: Int64) async throws -> (metadata: Int, bodies: Int)
}
