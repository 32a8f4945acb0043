import SignalboxCore

/// What the Audit view knows of the persisted audit log: the newest entries of every actor (or why
/// there are none), how many to ask for next, and the last chain check.
struct AuditViewState: Sendable, Hashable {
    enum Source: Sendable, Hashable {
        /// Not fetched yet.
        case unknown
        /// No store: the view lists this session's actions (from the bus) only.
        case storeOff
        /// The newest entries, newest first, as of `fetchedAtMs`.
        case persisted([OperatorAuditEntrySummary], fetchedAtMs: UInt64)
    }

    enum Chain: Sendable, Hashable {
        case unchecked
        case checking
        case checked(OperatorAuditChainCheck, atMs: UInt64)
        case failed(String)
    }

    static let pageSize = 200

    var source: Source = .unknown
    /// The last fetch failed (the previous entries, if any, stay listed).
    var error: String?
    var chain: Chain = .unchecked
    /// How many entries the next fetch asks for: grows by a page when the operator scrolls to the end.
    var limit = AuditViewState.pageSize
    /// The last fetch returned as many entries as it asked for: there may be older ones.
    var mayHaveMore = false

    var isStoreOff: Bool { source == .storeOff }

    var entries: [OperatorAuditEntrySummary] {
        if case .persisted(let entries, _) = source { return entries }
        return []
    }

    mutating func apply(_ result: AuditFetchResult, nowMs: UInt64) {
        switch result {
        case .entries(let entries, let asked):
            source = .persisted(entries, fetchedAtMs: nowMs)
            error = nil
            mayHaveMore = entries.count >= asked
        case .storeOff:
            source = .storeOff
            error = nil
            mayHaveMore = false
        case .failed(let message):
            error = message
        }
    }
}
