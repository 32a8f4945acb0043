/// Where a new provider secret comes from when it is not typed in: an environment variable of the
/// gateway's process (`env:NAME`) or a file it can read (`file:/path`). Used by the console's
/// rotate dialog and the admin API's rotate endpoint, so a secret need not cross a terminal or a
/// request body.
public enum SecretSource: Sendable, Hashable {
    case environment(String)
    case file(String)

    /// `env:NAME` or `file:PATH`; nil for anything else (a typed secret).
    public init?(reference: String) {
        if reference.hasPrefix("env:") {
            self = .environment(String(reference.dropFirst(4)))
        } else if reference.hasPrefix("file:") {
            self = .file(String(reference.dropFirst(5)))
        } else {
            return nil
        }
    }
}
