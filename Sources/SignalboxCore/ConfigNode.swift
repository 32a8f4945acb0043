import Yams

/// A YAML node together with the key path it was reached by (`providers[1].timeouts`), so that
/// every problem found in it can be reported with its position and path.
struct ConfigNode {
    let node: Node
    let keyPath: String

    init(_ node: Node, keyPath: String) {
        self.node = node
        self.keyPath = keyPath
    }

    var line: Int? { node.mark?.line }
    var column: Int? { node.mark?.column }

    func location(file: String) -> ConfigSourceLocation {
        ConfigSourceLocation(file: file, line: line, column: column, keyPath: keyPath)
    }

    /// The path of `key` inside this mapping.
    func path(key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    /// The path of element `index` of this list.
    func path(index: Int) -> String { "\(keyPath)[\(index)]" }

    /// `~`, `null` or nothing at all (`key:`), but not `""`.
    var isNull: Bool {
        guard case .scalar = node else { return false }
        return node.tag.rawValue == Tag.Name.null.rawValue
    }

    /// The YAML merge key `<<` (as opposed to a quoted `"<<"`).
    var isMergeKey: Bool {
        guard case .scalar = node else { return false }
        return node.tag.rawValue == Tag.Name.merge.rawValue
    }

    /// The scalar text exactly as written in the file (before interpolation), if this is a scalar.
    var rawScalar: String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    /// What this node is, for "expected …, got …" messages. Scalars are quoted as written in the file, so
    /// a value that came from `${VAR}` shows as the reference, never as the (possibly secret) value.
    var gotDescription: String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar): return isNull ? "null" : ConfigNode.quote(scalar.string)
        }
    }

    /// `'text'`, shortened so a pasted blob does not flood the terminal.
    static func quote(_ text: String) -> String {
        let limit = 60
        let shown = text.count > limit ? text.prefix(limit) + "…" : Substring(text)
        return "'\(shown)'"
    }
}
