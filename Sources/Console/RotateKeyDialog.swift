import SignalboxCore

/// Rotating a provider key: the operator types the provider id to confirm, picks the key (when
/// there are several) and enters the new secret, masked, or an `env:NAME` / `file:/path`
/// reference for the runner to read.
///
/// Typing happens in fields, so focus starts on the confirmation field; Enter in a field moves to
/// the next one and the buttons come last with Cancel first: only Enter on a focused, complete
/// Rotate button rotates.
public struct RotateKeyDialog: Sendable, Hashable {
    public enum Focus: Sendable, Hashable, CaseIterable {
        case confirmation
        case key
        case secret
        case cancel
        case rotate
    }

    public let provider: String
    /// The provider's key ids; empty when no snapshot has arrived (the key id is then typed).
    public let keys: [String]
    public private(set) var keyIndex: Int
    public private(set) var typedKey = TextInput()
    public private(set) var confirmation = TextInput()
    public private(set) var secret = SecretInput()
    public private(set) var focus: Focus = .confirmation

    public init(provider: String, keys: [String], preselectedKey: String? = nil) {
        self.provider = provider
        self.keys = keys
        keyIndex = preselectedKey.flatMap { keys.firstIndex(of: $0) } ?? 0
    }

    public var chosenKey: String? {
        if keys.isEmpty { return typedKey.text.isEmpty ? nil : typedKey.text }
        return keys[keyIndex]
    }

    /// Fields in Tab order: the key field only when there is a choice to make.
    private var order: [Focus] {
        keys.count == 1 ? [.confirmation, .secret, .cancel, .rotate] : Focus.allCases
    }

    /// Why Rotate cannot run yet, nil when it can.
    public var missing: String? {
        if confirmation.text != provider { return "type the provider id '\(provider)' to confirm" }
        if chosenKey == nil { return "enter the key id" }
        if !secret.isComplete { return "enter the new secret, env:NAME or file:/path" }
        return nil
    }

    public mutating func handle(_ key: KeyInput) -> DialogOutcome {
        switch key {
        case .escape:
            return .cancelled
        case .tab, .down:
            moveFocus(by: 1)
            return .stay
        case .backTab, .up:
            moveFocus(by: -1)
            return .stay
        case .enter:
            switch focus {
            case .cancel: return .cancelled
            case .rotate: return confirm()
            default:
                moveFocus(by: 1)
                return .stay
            }
        case .left, .right:
            let step = key == .left ? -1 : 1
            switch focus {
            case .key where !keys.isEmpty:
                keyIndex = (keyIndex + step + keys.count) % keys.count
            case .cancel, .rotate:
                focus = focus == .cancel ? .rotate : .cancel
            default:
                break
            }
            return .stay
        default:
            switch focus {
            case .confirmation: _ = confirmation.edit(key)
            case .key where keys.isEmpty: _ = typedKey.edit(key)
            case .secret: _ = secret.edit(key)
            default: break
            }
            return .stay
        }
    }

    private mutating func moveFocus(by step: Int) {
        let fields = order
        let index = fields.firstIndex(of: focus) ?? 0
        focus = fields[(index + step + fields.count) % fields.count]
    }

    private func confirm() -> DialogOutcome {
        if let missing { return .incomplete(missing) }
        guard let key = chosenKey else { return .incomplete("enter the key id") }
        if let source = secret.source {
            return .confirmed([.rotateKey(provider: provider, key: key, source: source, graceSeconds: nil)])
        }
        return .confirmed([.execute(.rotateKey(provider: provider, key: key, newSecret: secret.secret, graceSeconds: nil))])
    }
}
