/// A yes/no confirmation for an operator action. Cancel has the focus when it opens, so a stray
/// Enter never changes the gateway.
public struct ConfirmDialog: Sendable, Hashable {
    public enum Focus: Sendable, Hashable {
        case cancel
        case confirm
    }

    public var title: String
    public var message: [String]
    public var confirmLabel: String
    /// Handed to the runner when the operator confirms.
    public var effects: [ConsoleEffect]
    public private(set) var focus: Focus = .cancel

    public init(title: String, message: [String], confirmLabel: String, effects: [ConsoleEffect]) {
        self.title = title
        self.message = message
        self.confirmLabel = confirmLabel
        self.effects = effects
    }

    public mutating func handle(_ key: KeyInput) -> DialogOutcome {
        switch key {
        case .escape:
            return .cancelled
        case .tab, .backTab, .left, .right:
            focus = focus == .cancel ? .confirm : .cancel
            return .stay
        case .enter:
            return focus == .cancel ? .cancelled : .confirmed(effects)
        default:
            return .stay
        }
    }
}
