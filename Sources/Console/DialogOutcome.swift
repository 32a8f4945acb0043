/// What a key did to an open dialog.
public enum DialogOutcome: Sendable, Hashable {
    /// The dialog stays open (focus moved, text typed, or nothing).
    case stay
    case cancelled
    /// The operator confirmed: close the dialog and hand these to the runner.
    case confirmed([ConsoleEffect])
    /// The confirm button was activated but the dialog is not complete; it stays open.
    case incomplete(String)
}
