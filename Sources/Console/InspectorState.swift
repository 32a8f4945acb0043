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

    public init(id: RequestID) {
        self.id = id
        layout(width: 0)
    }

    mutating func load(_ exchange: RecordedExchange?, width: Int) {
        phase = exchange.map(Phase.loaded) ?? .missing
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
        case .loaded(let exchange): lines = ExchangeDocument.lines(for: exchange, width: width)
        }
        scroll = min(scroll, max(0, lines.count - 1))
    }
}
