/// One row of the keymap: which keys do what, where, and whether it changes the gateway.
public struct KeyBinding: Sendable, Hashable {
    public var keys: [KeyInput]
    /// How the help overlay writes the keys (`p`, `↑/↓`, `PgUp/PgDn`).
    public var label: String
    public var action: ConsoleAction
    public var description: String
    /// Views where the binding is active; empty means every view.
    public var views: Set<ConsoleView>
    /// Operator actions change the gateway: hidden and refused on a read-only console.
    public var isOperatorAction: Bool
    /// The short word shown in the bottom key-hint bar, if the binding is worth a hint there.
    public var hint: String?

    public init(
        keys: [KeyInput], label: String, action: ConsoleAction, description: String, views: Set<ConsoleView> = [],
        isOperatorAction: Bool = false, hint: String? = nil
    ) {
        self.keys = keys
        self.label = label
        self.action = action
        self.description = description
        self.views = views
        self.isOperatorAction = isOperatorAction
        self.hint = hint
    }

    public func isActive(in view: ConsoleView) -> Bool { views.isEmpty || views.contains(view) }
}
