/// The console's keys as data: dispatch, the help overlay and the hint bar all read this table,
/// so they cannot disagree.
public struct Keymap: Sendable {
    public var bindings: [KeyBinding]

    public init(bindings: [KeyBinding]) { self.bindings = bindings }

    /// The binding for `key` in `view`: view-specific rows win over global ones.
    public func binding(for key: KeyInput, in view: ConsoleView) -> KeyBinding? {
        let candidates = bindings.filter { $0.keys.contains(key) && $0.isActive(in: view) }
        return candidates.first { !$0.views.isEmpty } ?? candidates.first
    }

    /// Bindings to list in the help overlay for `view` (operator actions left out when read-only).
    public func visibleBindings(in view: ConsoleView, readOnly: Bool) -> [KeyBinding] {
        bindings.filter { $0.isActive(in: view) && !(readOnly && $0.isOperatorAction) }
    }

    /// `key word` pairs for the bottom hint bar.
    func hints(in view: ConsoleView, readOnly: Bool) -> [(key: String, word: String)] {
        visibleBindings(in: view, readOnly: readOnly).compactMap { binding in
            binding.hint.map { (binding.label, $0) }
        }
    }

    private static let streamViews: Set<ConsoleView> = [.overview, .requests]
    private static let providerViews: Set<ConsoleView> = [.overview, .providers]

    public static let standard = Keymap(bindings: [
        KeyBinding(keys: [.character("?")], label: "?", action: .help, description: "show this help", hint: "help"),
        KeyBinding(keys: [.character("q"), .control("c")], label: "q", action: .quit, description: "quit the console", hint: "quit"),
        KeyBinding(keys: [.character(":")], label: ":", action: .commandLine, description: "command line (:help lists commands)"),
        KeyBinding(keys: [.escape], label: "Esc", action: .close, description: "close the overlay or dialog; clear the filter"),
        KeyBinding(keys: [.character("1")], label: "1", action: .show(.overview), description: "Overview"),
        KeyBinding(keys: [.character("2")], label: "2", action: .show(.requests), description: "Requests"),
        KeyBinding(keys: [.character("3")], label: "3", action: .show(.providers), description: "Providers (refreshes keys)"),
        KeyBinding(keys: [.character("4")], label: "4", action: .show(.keysAndBudgets), description: "Keys & Budgets"),
        KeyBinding(keys: [.character("5")], label: "5", action: .show(.cache), description: "Cache"),
        KeyBinding(keys: [.character("6")], label: "6", action: .show(.audit), description: "Audit (persisted operator actions)"),
        KeyBinding(keys: [.up, .control("p")], label: "↑ ^P", action: .moveUp, description: "move the selection up"),
        KeyBinding(keys: [.down, .control("n")], label: "↓ ^N", action: .moveDown, description: "move the selection down"),
        KeyBinding(keys: [.pageUp], label: "PgUp", action: .pageUp, description: "page up"),
        KeyBinding(keys: [.pageDown], label: "PgDn", action: .pageDown, description: "page down"),
        KeyBinding(keys: [.home], label: "Home", action: .first, description: "newest / first row"),
        KeyBinding(keys: [.end], label: "End", action: .last, description: "oldest / last row"),
        KeyBinding(
            keys: [.tab], label: "Tab", action: .switchPanel, description: "switch between the providers and requests panels",
            views: [.overview]),
        KeyBinding(
            keys: [.enter], label: "Enter", action: .open, description: "inspect the selected request", views: streamViews,
            hint: "open"),
        KeyBinding(keys: [.character("/")], label: "/", action: .filter, description: "filter requests", views: streamViews, hint: "filter"),
        KeyBinding(
            keys: [.character("f")], label: "f", action: .toggleFollow, description: "follow new requests / freeze the list",
            views: streamViews, hint: "follow"),
        KeyBinding(
            keys: [.control("r")], label: "^R", action: .refreshProviders, description: "refresh provider keys and pause state",
            views: [.providers]),
        KeyBinding(
            keys: [.control("r")], label: "^R", action: .refreshView,
            description: "fetch budgets / audit entries / cache size now (else every 1–2 s)", views: [.keysAndBudgets, .audit, .cache],
            hint: "refresh"),
        KeyBinding(
            keys: [.character("v")], label: "v", action: .verifyAuditChain, description: "verify the audit log's hash chain (reads every entry)",
            views: [.audit], hint: "verify chain"),
        KeyBinding(
            keys: [.character("p")], label: "p", action: .pauseProvider, description: "pause / resume the selected provider",
            views: providerViews, isOperatorAction: true, hint: "pause"),
        KeyBinding(
            keys: [.character("P")], label: "P", action: .pauseKey, description: "pause / resume the selected key",
            views: [.providers], isOperatorAction: true, hint: "pause key"),
        KeyBinding(
            keys: [.character("k")], label: "k", action: .rotateKey, description: "rotate a key of the selected provider",
            views: providerViews, isOperatorAction: true, hint: "rotate"),
        KeyBinding(
            keys: [.character("R")], label: "R", action: .replay, description: "replay the selected request (then a diff)",
            views: streamViews, isOperatorAction: true, hint: "replay"),
        KeyBinding(
            keys: [.character("b")], label: "b", action: .resetBreaker, description: "reset the selected provider's circuit breakers",
            views: providerViews, isOperatorAction: true),
        KeyBinding(
            keys: [.character("P")], label: "P", action: .purgeCache, description: "purge every cached answer (memory and store)",
            views: [.cache], isOperatorAction: true, hint: "purge"),
    ])
}
