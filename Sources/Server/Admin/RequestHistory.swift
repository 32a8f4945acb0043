public import SignalboxCore

/// Where the admin API reads recorded requests from. Today the engine's in-memory ring (through the
/// control plane); the persistent request log can take its place without touching the handlers.
public protocol RequestHistory: Sendable {
    /// The most recent requests, newest first, at most `limit`.
    func recent(limit: Int) async throws -> [RecordedExchange]
    func exchange(_ id: RequestID) async throws -> RecordedExchange?
    /// The most requests one `recent` call returns.
    var capacity: Int { get }
}
