/// The modal dialog on top of the console, if any. Dialogs take every key while open.
public enum Dialog: Sendable, Hashable {
    case confirm(ConfirmDialog)
    case replay(ReplayDialog)
    case rotateKey(RotateKeyDialog)

    public mutating func handle(_ key: KeyInput) -> DialogOutcome {
        switch self {
        case .confirm(var dialog):
            let outcome = dialog.handle(key)
            self = .confirm(dialog)
            return outcome
        case .replay(var dialog):
            let outcome = dialog.handle(key)
            self = .replay(dialog)
            return outcome
        case .rotateKey(var dialog):
            let outcome = dialog.handle(key)
            self = .rotateKey(dialog)
            return outcome
        }
    }
}
