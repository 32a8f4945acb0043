/// Where `StoreWriter` sends its batches.
public protocol StoreRecordSink: Sendable {
    /// Writes `records` atomically: all of them or, when it throws, none.
    func write(_ records: [StoreRecord]) async throws
}
