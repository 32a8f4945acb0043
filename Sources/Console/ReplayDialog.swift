public import SignalboxCore

/// Confirms a replay and picks where it goes: the original provider or another one.
/// ↑/↓ choose the provider; Tab/←/→ move between Cancel (focused at first) and Replay.
public struct ReplayDialog: Sendable, Hashable {
    public let requestID: RequestID
    /// The provider that answered the original (empty when unknown).
    public let originalProvider: String
    /// nil: the original provider; otherwise a provider id.
    public let choices: [String?]
    public private(set) var choice: Int
    public private(set) var focus: ConfirmDialog.Focus = .cancel

    public init(requestID: RequestID, originalProvider: String, providers: [String], preselected: String? = nil) {
        self.requestID = requestID
        self.originalProvider = originalProvider
        let choices = [nil] + providers.filter { $0 != originalProvider }.map { Optional($0) }
        self.choices = choices
        choice = preselected.flatMap { wanted in choices.firstIndex(of: wanted) } ?? 0
    }

    public var chosenProvider: String? { choices[choice] }

    public mutating func handle(_ key: KeyInput) -> DialogOutcome {
        switch key {
        case .escape:
            return .cancelled
        case .up, .control("p"):
            choice = max(0, choice - 1)
            return .stay
        case .down, .control("n"):
            choice = min(choices.count - 1, choice + 1)
            return .stay
        case .tab, .backTab, .left, .right:
            focus = focus == .cancel ? .confirm : .cancel
            return .stay
        case .enter:
            guard focus == .confirm else { return .cancelled }
            return .confirmed([.execute(.replay(requestID, provider: chosenProvider))])
        default:
            return .stay
        }
    }

    /// How a choice reads in the list.
    func label(of choice: String?) -> String {
        guard let choice else { return originalProvider.isEmpty ? "same provider" : "same provider (\(originalProvider))" }
        return choice
    }
}
