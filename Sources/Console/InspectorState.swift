public import SignalboxCore

/// The request inspector: opened with Enter on a request, filled when the runner answers the
/// `.loadRequest` effect. Its lines are built once per load (and per resize), not per frame.
public struct InspectorState: Sendable, Hashable {
    public enum Phase: Sendable, Hashable {
        case loading
        /// The request has left the engine's in-memory ring.
        case missing
        case loaded(RecordedExchange)
    }

    public let id: RequestID
    public private(set) var phase: Phase = .loading
    public private(set) var lines: [StyledLine] = []
    public var scroll = 0
    /// What the response cache did for the request, from its finish event (nil: not known).
    public private(set) var cache: RequestCacheResult?

    public init(id: RequestID) {
        self.id = id
        layout(width: 0)
    }

    mutating func load(_ exchange: RecordedExchange?, cache: RequestCacheResult? = nil, width: Int) {
        phase = exchange.map(Phase.loaded) ?? .missing
        self.cache = cache
        layout(width: width)
    }

    mutating func layout(width: Int) {
        switch phase {
        case .loading: lines = [StyledLine("loading \(id)…", role: .dim)]
        case .missing:
            lines = [
                StyledLine("\(id) is no longer in the engine's recent-request ring.", role: .warning),
                StyledLine("The ring keeps the most recent requests only; newer traffic pushed this one out.", role: .dim),
            ]
        case .loaded(let exchange): lines = ExchangeDocument.lines(for: exchange, cache: cache, width: width)
        }
        scroll = min(scroll, max(0, lines.count - 1))
    }
}
