/// What a key means to the console, independent of which key it is: the keymap maps keys to
/// these, the model interprets them.
public enum ConsoleAction: Sendable, Hashable {
    case quit
    case help
    case commandLine
    case filter
    case show(ConsoleView)
    case moveUp
    case moveDown
    case pageUp
    case pageDown
    case first
    case last
    case open
    case close
    case toggleFollow
    case switchPanel
    case refreshProviders
    /// Fetch what the current view shows now (budgets, audit entries) instead of at the next tick.
    case refreshView
    /// Walk the persisted audit chain.
    case verifyAuditChain
    case pauseProvider
    case pauseKey
    case rotateKey
    case replay
    case resetBreaker
    /// Remove every cached answer (after a confirmation).
    case purgeCache
}
