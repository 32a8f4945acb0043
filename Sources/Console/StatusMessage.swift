/// The status bar's message: outcomes of commands, refusals, hints. Expires after a few seconds
/// of model time (`ConsoleModel.tick`).
public struct StatusMessage: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case info
        case success
        case error
    }

    public var text: String
    public var kind: Kind
    public var shownAtMs: UInt64

    public init(_ text: String, kind: Kind, shownAtMs: UInt64) {
        self.text = text
        self.kind = kind
        self.shownAtMs = shownAtMs
    }

    public static let lifetimeMs: UInt64 = 5_000

    /// The marker in front of the text, so an error reads as one without colour.
    var marker: String {
        switch kind {
        case .info: "·"
        case .success: "✔"
        case .error: "✖"
        }
    }

    var role: StyleRole {
        switch kind {
        case .info: .statusBar
        case .success: .healthy
        case .error: .error
        }
    }
}
