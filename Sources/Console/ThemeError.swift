import SignalboxCore

/// One problem with a theme, located like a config error so the user can fix it:
///
///     themes/ops-dark.yaml:14:22: styles.healthy.fg: unknown colour 'gren'
///       hint: palette colours: background, blue, green, …; or 'default' for the terminal's own
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case notFound
        case unreadableFile
        case syntax
        case unknownKey
        case missingKey
        case wrongType
        case invalidValue
        case unknownReference
    }

    private let code: Code
    /// The theme file (or, when none was found, the theme name asked for).
    public let file: String
    /// 1-based line and column, when the problem has a position in the file.
    public let line: Int?
    public let column: Int?
    /// Where in the theme the problem is, e.g. `styles.healthy.fg`; empty for the whole file.
    public let keyPath: String
    public let message: String
    public let hint: String?

    private init(_ code: Code, file: String, at position: ThemeNode?, _ message: String, hint: String? = nil) {
        self.code = code
        self.file = file
        self.line = position?.line
        self.column = position?.column
        self.keyPath = position?.keyPath ?? ""
        self.message = message
        self.hint = hint
    }

    /// `FILE:LINE:COLUMN: KEYPATH: MESSAGE`, then `  hint: …` on a second line when there is a hint.
    public var description: String {
        ConfigSourceLocation(file: file, line: line, column: column, keyPath: keyPath).describe(message, hint: hint)
    }

    /// True when no theme of that name exists (as opposed to a theme file with problems).
    public var isNotFound: Bool { code == .notFound }

    // MARK: - Constructors

    static func notFound(_ name: String, searched: [String], available: [String]) -> ThemeError {
        let places = searched.isEmpty ? "" : " (looked in \(searched.joined(separator: ", ")))"
        return ThemeError(
            .notFound, file: name, at: nil, "no theme named '\(name)'\(places)",
            hint: "themes available: \(available.joined(separator: ", ")); or pass a path to a .yaml file")
    }

    static func invalidName(_ name: String) -> ThemeError {
        ThemeError(
            .notFound, file: name, at: nil, "a theme name is letters, digits, '.', '_' and '-' (the file is themes/NAME.yaml)",
            hint: "to use a file elsewhere, pass its path, e.g. ./my-theme.yaml")
    }

    static func unreadableFile(_ file: String, reason: String) -> ThemeError {
        ThemeError(.unreadableFile, file: file, at: nil, "cannot read theme file: \(reason)")
    }

    static func syntax(_ file: String, line: Int?, column: Int?, problem: String) -> ThemeError {
        ThemeError(.syntax, file: file, at: ThemeNode.position(line: line, column: column), "invalid YAML: \(problem)")
    }

    static func unknownKey(_ key: String, file: String, at node: ThemeNode, allowed: [String]) -> ThemeError {
        ThemeError(.unknownKey, file: file, at: node, "unknown key '\(key)'", hint: "allowed keys here: \(allowed.joined(separator: ", "))")
    }

    static func missingKey(_ key: String, file: String, at node: ThemeNode, hint: String? = nil) -> ThemeError {
        ThemeError(.missingKey, file: file, at: node, "missing required key '\(key)'", hint: hint)
    }

    static func wrongType(expected: String, file: String, at node: ThemeNode, hint: String? = nil) -> ThemeError {
        ThemeError(.wrongType, file: file, at: node, "expected \(expected), got \(node.gotDescription)", hint: hint)
    }

    static func invalidValue(_ message: String, file: String, at node: ThemeNode, hint: String? = nil) -> ThemeError {
        ThemeError(.invalidValue, file: file, at: node, message, hint: hint)
    }

    static func unknownReference(_ message: String, file: String, at node: ThemeNode, hint: String?) -> ThemeError {
        ThemeError(.unknownReference, file: file, at: node, message, hint: hint)
    }
}
