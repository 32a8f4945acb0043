import Foundation
import Yams

/// Turns a YAML config file (DESIGN §5) into a validated `GatewayConfig`.
///
/// Strict: unknown keys, wrong types, out-of-range values, duplicate ids and dangling references are
/// errors. `${VAR}` / `${VAR:-default}` are expanded inside scalar values after YAML parsing (see
/// `EnvironmentInterpolation`). The loader does not stop at the first problem: it throws
/// `ConfigErrors` with every problem it found, in file order.
public enum ConfigLoader {
    /// Reads and validates the config file at `path`, interpolating from the process environment.
    public static func load(path: String) throws(ConfigErrors) -> GatewayConfig {
        // An overload rather than a default argument, so Foundation stays an internal import.
        try load(path: path, environment: ProcessInfo.processInfo.environment)
    }

    /// Reads and validates the config file at `path`.
    public static func load(path: String, environment: [String: String]) throws(ConfigErrors) -> GatewayConfig {
        let text = try readFile(path)
        return try parse(yaml: text, file: path, environment: environment)
    }

    /// Validates config text; `file` is only used to name the source in errors.
    public static func parse(yaml: String, file: String, environment: [String: String]) throws(ConfigErrors) -> GatewayConfig {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .default, .default, .utf8)
        } catch {
            throw ConfigErrors(syntaxError(error, yaml: yaml, file: file))
        }
        let decoder = ConfigDecoder(file: file, environment: environment)
        let config = decodeRoot(root.map { ConfigNode($0, keyPath: "") }, decoder)
        guard decoder.errors.isEmpty else { throw ConfigErrors(decoder.errors) }
        return config
    }

    // MARK: - File and YAML

    static func readFile(_ path: String) throws(ConfigErrors) -> String {
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            let hint = path.hasPrefix("/") ? nil : "relative paths are resolved from the current directory, \(files.currentDirectoryPath)"
            throw ConfigErrors(.unreadableFile(path, reason: "no such file", hint: hint))
        }
        guard !isDirectory.boolValue else {
            throw ConfigErrors(
                .unreadableFile(
                    path, reason: "it is a directory",
                    hint: "pass the YAML file itself, e.g. \(path.hasSuffix("/") ? String(path.dropLast()) : path)/signalbox.yaml"))
        }
        guard let data = files.contents(atPath: path) else {
            let reason = files.isReadableFile(atPath: path) ? "read failed" : "permission denied"
            throw ConfigErrors(.unreadableFile(path, reason: reason))
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigErrors(.unreadableFile(path, reason: "it is not UTF-8 text"))
        }
        return text
    }

    /// Maps a Yams error to a `ConfigError` at the position libyaml reported. Yams' own descriptions quote
    /// source lines (or, for duplicate keys, the whole file), which could include secrets, so only the
    /// problem and its context are used.
    static func syntaxError(_ error: any Error, yaml: String, file: String) -> ConfigError {
        func at(_ mark: Mark) -> ConfigSourceLocation { ConfigSourceLocation(file: file, line: mark.line, column: mark.column) }
        func contextHint(_ context: YamlError.Context?) -> String? {
            context.map { "\($0.text) (line \($0.mark.line), column \($0.mark.column))" }
        }
        guard let error = error as? YamlError else {
            return .syntax(ConfigSourceLocation(file: file), problem: String(describing: error))
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            return .syntax(at(mark), problem: problem, hint: contextHint(context))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return .syntax(at(context.mark), problem: "duplicate key \(keys) in a mapping", hint: "a key may appear only once in a mapping")
        case .reader(let problem, let offset, _, _):
            var location = ConfigSourceLocation(file: file)
            if let offset, offset <= yaml.count {
                let prefix = yaml.prefix(offset)
                location.line = prefix.count { $0 == "\n" || $0 == "\r\n" } + 1
                location.column = prefix.split(separator: "\n", omittingEmptySubsequences: false).last.map { $0.unicodeScalars.count + 1 }
            }
            return .syntax(location, problem: problem)
        default:
            return .syntax(ConfigSourceLocation(file: file), problem: String(describing: error))
        }
    }

    // MARK: - Root

    static let sections = [
        "server", "store", "providers", "models", "retries", "circuit_breaker", "console", "control", "pricing", "limits", "request_log", "admin", "cache",
    ]

    static func decodeRoot(_ root: ConfigNode?, _ decoder: ConfigDecoder) -> GatewayConfig {
        var config = GatewayConfig()
        guard let root else { return config }  // an empty file: all defaults, no providers
        guard
            let top = decoder.mapping(
                root, allowed: sections,
                synonyms: [
                    "routes": "models", "route": "models", "provider": "providers", "retry": "retries", "breaker": "circuit_breaker",
                    "prices": "pricing", "budgets": "limits", "rate_limits": "limits", "quotas": "limits", "requests": "request_log", "logging": "request_log",
                ],
                ignoringPrefix: "x-")
        else { return config }
        if let node = top["server"] { config.server = decodeServer(node, decoder) }
        if let node = top["store"], let store = decodeStore(node, decoder) { config.store = store }
        let providers = decodeProviders(top["providers"], decoder)
        config.providers = providers.configs
        config.models = decodeRoutes(top["models"], providers: providers, decoder)
        if let node = top["retries"] { config.retries = decodeRetries(node, decoder) }
        if let node = top["circuit_breaker"] { config.circuitBreaker = decodeCircuitBreaker(node, decoder) }
        if let node = top["console"] { config.console = decodeConsole(node, decoder) }
        if let node = top["control"] { config.control = decodeControl(node, decoder) }
        if let node = top["pricing"] { config.pricing = decodePricing(node, providers: providers, decoder) }
        if let node = top["request_log"] { config.requestLog = decodeRequestLog(node, decoder) }
        if let node = top["limits"] { config.limits = decodeLimits(node, routes: config.models.map(\.name), decoder) }
        if let node = top["admin"] { config.admin = decodeAdmin(node, decoder) }
        config.cache = decodeCacheSection(top["cache"], routes: config.models, decoder)
        return config
    }
}
