public import SignalboxCore

/// The replay diff view: the original and the replay side by side, and a line diff of their
/// response bodies. Built once when the outcome arrives (and on resize).
public struct ReplayDiffState: Sendable, Hashable {
    public let result: ReplayResult
    public private(set) var lines: [StyledLine] = []
    public var scroll = 0

    public init(result: ReplayResult, width: Int) {
        self.result = result
        layout(width: width)
    }

    mutating func layout(width: Int) {
        lines = ExchangeDocument.diffLines(for: result, width: width)
        scroll = min(scroll, max(0, lines.count - 1))
    }
}
