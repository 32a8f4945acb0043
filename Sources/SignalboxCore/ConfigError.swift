/// One problem in a config file, located precisely enough for a user to fix it:
///
///     signalbox.yaml:12:16: providers[0].timeouts.connect_ms: expected an integer, got 'abc'
///       hint: write a whole number of milliseconds, e.g. 2000
///
/// Messages never contain a secret: values that came from `${VAR}` interpolation are shown as the
/// reference (`'${OPENAI_API_KEY}'`), and secret fields (`keys[].secret`, `store.postgres`) are never
/// echoed at all.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case unreadableFile
        case syntax
        case unknownKey
        case missingKey
        case wrongType
        case invalidValue
        case duplicate
        case undefinedReference
        case unsetVariable
        case invalidInterpolation
    }

    private let code: Code
    /// The config file as given to the loader.
    public let file: String
    /// 1-based line, when the problem has a position in the file.
    public let line: Int?
    /// 1-based column (in Unicode scalars), when the problem has a position in the file.
    public let column: Int?
    /// Where in the config the problem is, e.g. `providers[1].timeouts.connect_ms`; empty for the whole file.
    public let keyPath: String
    /// What is wrong and what was expected.
    public let message: String
    /// How to fix it, when there is something more specific to say than the message.
    public let hint: String?

    private init(_ code: Code, _ location: ConfigSourceLocation, _ message: String, hint: String? = nil) {
        self.code = code
        self.file = location.file
        self.line = location.line
        self.column = location.column
        self.keyPath = location.keyPath
        self.message = message
        self.hint = hint
    }

    /// `FILE:LINE:COLUMN: KEYPATH: MESSAGE`, then `  hint: …` on a second line when there is a hint.
    public var description: String {
        ConfigSourceLocation(file: file, line: line, column: column, keyPath: keyPath).describe(message, hint: hint)
    }

    /// True for an unset `${VAR}` without a default (useful to tell "fix the environment" from "fix the file").
    public var isUnsetVariable: Bool { code == .unsetVariable }

    // MARK: - Constructors

    static func unreadableFile(_ file: String, reason: String, hint: String? = nil) -> ConfigError {
        ConfigError(.unreadableFile, ConfigSourceLocation(file: file), "cannot read config file: \(reason)", hint: hint)
    }

    static func syntax(_ location: ConfigSourceLocation, problem: String, hint: String? = nil) -> ConfigError {
        ConfigError(.syntax, location, "invalid YAML: \(problem)", hint: hint)
    }

    static func unknownKey(_ key: String, at location: ConfigSourceLocation, hint: String?) -> ConfigError {
        ConfigError(.unknownKey, location, "unknown key '\(key)'", hint: hint)
    }

    static func missingKey(_ key: String, at location: ConfigSourceLocation, hint: String? = nil) -> ConfigError {
        ConfigError(.missingKey, location, "missing required key '\(key)'", hint: hint)
    }

    static func wrongType(expected: String, got: String, at location: ConfigSourceLocation, hint: String? = nil) -> ConfigError {
        ConfigError(.wrongType, location, "expected \(expected), got \(got)", hint: hint)
    }

    static func invalidValue(_ message: String, at location: ConfigSourceLocation, hint: String? = nil) -> ConfigError {
        ConfigError(.invalidValue, location, message, hint: hint)
    }

    static func duplicate(_ message: String, at location: ConfigSourceLocation, hint: String? = nil) -> ConfigError {
        ConfigError(.duplicate, location, message, hint: hint)
    }

    static func undefinedReference(_ message: String, at location: ConfigSourceLocation, hint: String? = nil) -> ConfigError {
        ConfigError(.undefinedReference, location, message, hint: hint)
    }

    static func unsetVariable(_ name: String, at location: ConfigSourceLocation) -> ConfigError {
        ConfigError(
            .unsetVariable, location, "environment variable '\(name)' is not set",
            hint: "export \(name)=…, or give a default with ${\(name):-default}")
    }

    static func invalidInterpolation(_ message: String, at location: ConfigSourceLocation) -> ConfigError {
        ConfigError(
            .invalidInterpolation, location, message,
            hint: "write ${NAME} or ${NAME:-default} (NAME: letters, digits, '_'); write $$ for a literal '$'")
    }
}
