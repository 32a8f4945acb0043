/// A one-line text field (filter, command line, dialog fields). Editing happens at the end of the
/// line, which is all these short fields need.
public struct TextInput: Sendable, Hashable {
    public private(set) var text: String

    public init(_ text: String = "") { self.text = text }

    /// Applies an editing key. Returns false when the key is not an editing key.
    public mutating func edit(_ key: KeyInput) -> Bool {
        switch key {
        case .character(let character):
            text.append(character)
        case .backspace:
            if !text.isEmpty { text.removeLast() }
        case .control("u"):
            text = ""
        case .control("w"):
            while text.last == " " { text.removeLast() }
            while let last = text.last, last != " " { text.removeLast() }
        default:
            return false
        }
        return true
    }
}
