import Yams

/// A YAML node of a theme file with the key path it was reached by, for error positions.
struct ThemeNode {
    /// Nil only for positions that do not come from a node (YAML syntax errors).
    let node: Node?
    let keyPath: String
    let line: Int?
    let column: Int?

    init(_ node: Node, keyPath: String) {
        self.node = node
        self.keyPath = keyPath
        self.line = node.mark?.line
        self.column = node.mark?.column
    }

    private init(node: Node?, keyPath: String, line: Int?, column: Int?) {
        self.node = node
        self.keyPath = keyPath
        self.line = line
        self.column = column
    }

    /// A position without a node (YAML syntax errors, an empty file).
    static func position(line: Int?, column: Int?) -> ThemeNode { ThemeNode(node: nil, keyPath: "", line: line, column: column) }

    /// Where a missing `key` of mapping `node` belongs: the mapping's position, the key's path.
    static func child(of node: ThemeNode, key: String) -> ThemeNode {
        ThemeNode(node: nil, keyPath: node.path(key: key), line: node.line, column: node.column)
    }

    func path(key: String) -> String { keyPath.isEmpty ? key : "\(keyPath).\(key)" }

    var isNull: Bool {
        guard let node, case .scalar = node else { return false }
        return node.tag.rawValue == Tag.Name.null.rawValue
    }

    /// The scalar text as written, if this is a non-null scalar.
    var string: String? {
        guard !isNull, let node, case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    /// The value of a YAML boolean (`true`, `false`, and YAML 1.1's yes/no/on/off); nil for anything else.
    var bool: Bool? {
        guard node?.tag.rawValue == Tag.Name.bool.rawValue else { return nil }
        return node?.bool
    }
    var isInt: Bool { node?.tag.rawValue == Tag.Name.int.rawValue }

    /// What this node is, for "expected …, got …" messages.
    var gotDescription: String {
        switch node {
        case .none: "nothing"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        case .scalar(let scalar):
            isNull ? "nothing (null)" : "'\(scalar.string.count > 40 ? scalar.string.prefix(40) + "…" : Substring(scalar.string))'"
        }
    }
}
