public import SignalboxCore

/// A masked field for a new provider secret. What was typed lives only inside a `Secret`
/// (whose description is masked), never in a plain `String` the model keeps; the field draws
/// one `•` per character.
///
/// `env:NAME` and `file:/path` are references, not secrets: those are shown as typed and become a
/// `SecretSource` for the runner to read.
public struct SecretInput: Sendable, Hashable {
    public private(set) var secret = Secret("")

    public init() {}

    public mutating func edit(_ key: KeyInput) -> Bool {
        switch key {
        case .character(let character):
            secret = Secret(secret.reveal() + String(character))
        case .backspace:
            secret = Secret(String(secret.reveal().dropLast()))
        case .control("u"):
            secret = Secret("")
        default:
            return false
        }
        return true
    }

    public var isEmpty: Bool { secret.isEmpty }

    /// The source when the field holds a reference rather than a secret.
    public var source: SecretSource? {
        SecretSource(reference: secret.reveal())
    }

    /// What the field shows: the reference as typed, otherwise one `•` per character.
    public var display: String {
        switch source {
        case .environment(let name): "env:" + name
        case .file(let path): "file:" + path
        case nil: String(repeating: "•", count: secret.reveal().count)
        }
    }

    /// True when the field holds something usable: a non-empty secret or a complete reference.
    public var isComplete: Bool {
        switch source {
        case .environment(let name): !name.isEmpty
        case .file(let path): !path.isEmpty
        case nil: !secret.isEmpty
        }
    }
}
