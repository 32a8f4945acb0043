import SignalboxCore
import Testing

/// One invalid config and the error it must produce.
struct BadConfig: Sendable, CustomTestStringConvertible {
    let name: String
    let yaml: String
    var environment: [String: String] = [:]
    /// The key path of the expected error.
    let keyPath: String
    let line: Int
    var column: Int?
    /// A fragment the message must contain.
    let message: String
    /// A fragment the hint must contain, when given.
    var hint: String?
    /// How many errors the file must produce in all (guards against cascades and silent extras).
    var count = 1

    var testDescription: String { name }
}

@Suite("Config error matrix")
struct ConfigErrorMatrixTests {
    static let cases: [BadConfig] = [
        // MARK: Unknown keys
        BadConfig(
            name: "unknown top-level key suggests the closest", yaml: "server:\n  listen: 127.0.0.1:8080\nprovders: []\n",
            keyPath: "provders", line: 3, column: 1, message: "unknown key 'provders'", hint: "did you mean 'providers'?"),
        BadConfig(
            name: "unknown provider key suggests base_url",
            yaml: """
                providers:
                  - id: openai-main
                    kind: openai
                    base_ur: https://api.openai.com/v1
                    keys: [ { id: primary, secret: sk-x } ]
                """,
            keyPath: "providers[0].base_ur", line: 4, column: 5, message: "unknown key 'base_ur'", hint: "did you mean 'base_url'?"),
        BadConfig(
            name: "unknown key with no near match lists the allowed keys", yaml: "retries:\n  jitter: true\n",
            keyPath: "retries.jitter", line: 2, message: "unknown key 'jitter'", hint: "allowed keys here: max_attempts, backoff_ms, max_backoff_ms"),
        BadConfig(
            name: "an unrelated unknown key does not hide a missing one",
            yaml: "providers:\n  - id: p\n    kind: openai-compatible\n    colour: blue\n", keyPath: "providers[0].base_url", line: 2,
            message: "missing required key 'base_url'", count: 2),
        BadConfig(
            name: "routes is a synonym for models", yaml: "routes: []\n", keyPath: "routes", line: 1, message: "unknown key 'routes'",
            hint: "did you mean 'models'?"),
        BadConfig(
            name: "api_key in a key entry suggests secret", yaml: openAIProviderYAML.replacingSecret(with: "api_key: sk-x"),
            keyPath: "providers[0].keys[0].api_key", line: 5, message: "unknown key 'api_key'", hint: "did you mean 'secret'?"),

        // MARK: Types
        BadConfig(
            name: "integer expected",
            yaml: """
                providers:
                  - id: openai-main
                    kind: openai
                    base_url: https://api.openai.com/v1
                    keys: [ { id: primary, secret: sk-x } ]
                  - id: backup
                    kind: openai
                    base_url: https://api.openai.com/v1
                    keys: [ { id: primary, secret: sk-y } ]
                    timeouts:
                      connect_ms: abc
                """,
            keyPath: "providers[1].timeouts.connect_ms", line: 11, column: 19, message: "expected an integer, got 'abc'"),
        BadConfig(
            name: "float where an integer is expected", yaml: openAIProviderYAML + "\n    max_connections: 1.5\n",
            keyPath: "providers[0].max_connections", line: 6, message: "expected an integer, got '1.5'"),
        BadConfig(
            name: "boolean expected", yaml: openAIProviderYAML + modelsYAML(cache: "{ exact: maybe }"),
            keyPath: "models[0].cache.exact", line: 9, message: "expected true or false, got 'maybe'"),
        BadConfig(
            name: "number expected", yaml: "circuit_breaker:\n  failure_ratio: half\n", keyPath: "circuit_breaker.failure_ratio", line: 2,
            message: "expected a number, got 'half'"),
        BadConfig(
            name: "string expected, got a mapping", yaml: openAIProviderYAML + modelsYAML(target: "{ provider: openai-main, model: { a: 1 } }"),
            keyPath: "models[0].targets[0].model", line: 8, message: "expected a string, got a mapping"),
        BadConfig(
            name: "list expected", yaml: "providers:\n  id: openai-main\n", keyPath: "providers", line: 2, message: "expected a list, got a mapping"),
        BadConfig(
            name: "mapping expected", yaml: "server: 127.0.0.1:8080\n", keyPath: "server", line: 1, message: "expected a mapping with keys 'listen'"),
        BadConfig(
            name: "null where a string is required", yaml: openAIProviderYAML + modelsYAML(target: "{ provider: openai-main, model: ~ }"),
            keyPath: "models[0].targets[0].model", line: 8, message: "expected a string, got null"),
        BadConfig(
            name: "root must be a mapping", yaml: "- providers\n- models\n", keyPath: "", line: 1, message: "expected a mapping with keys 'server'"),

        // MARK: Missing keys
        BadConfig(
            name: "missing provider kind",
            yaml: """
                providers:
                  - id: openai-main
                    base_url: https://api.openai.com/v1
                    keys: [ { id: primary, secret: sk-x } ]
                """,
            keyPath: "providers[0].kind", line: 2, message: "missing required key 'kind'", hint: "openai | azure"),
        BadConfig(
            name: "missing keys for a hosted provider",
            yaml: "providers:\n  - id: openai-main\n    kind: anthropic\n    base_url: https://api.anthropic.com\n",
            keyPath: "providers[0].keys", line: 2, message: "missing required key 'keys'", hint: "anthropic provider needs at least one key"),
        BadConfig(
            name: "missing route targets", yaml: openAIProviderYAML + "\nmodels:\n  - name: gpt-4o\n", keyPath: "models[0].targets", line: 7,
            message: "missing required key 'targets'"),
        BadConfig(
            name: "missing semantic threshold", yaml: openAIProviderYAML + modelsYAML(cache: "{ semantic: { } }"),
            keyPath: "models[0].cache.semantic.threshold", line: 9, message: "missing required key 'threshold'"),

        // MARK: Enumerations
        BadConfig(
            name: "provider kind lists the allowed values", yaml: openAIProviderYAML.replacingOccurrences("kind: openai", "kind: openia"),
            keyPath: "providers[0].kind", line: 3, column: 11,
            message: "expected one of openai | azure | anthropic | gemini | bedrock | vertex | cohere | openai-compatible, got 'openia'",
            hint: "did you mean 'openai'?"),
        BadConfig(
            name: "strategy lists the allowed values", yaml: openAIProviderYAML + modelsYAML(strategy: "round-robin"),
            keyPath: "models[0].strategy", line: 8, message: "weighted | priority | latency | cost | least-busy, got 'round-robin'"),
        BadConfig(
            name: "http_version lists the allowed values", yaml: openAIProviderYAML + "\n    http_version: 3\n",
            keyPath: "providers[0].http_version", line: 6, message: "expected one of auto | 1.1 | 2, got '3'"),

        // MARK: Duplicates
        BadConfig(
            name: "duplicate provider id",
            yaml: openAIProviderYAML + "\n" + openAIProviderYAML.dropFirstLine(),
            keyPath: "providers[1].id", line: 6, message: "duplicate provider id 'openai-main'", hint: "line 2"),
        BadConfig(
            name: "duplicate key id",
            yaml: openAIProviderYAML.replacingSecret(with: "secret: sk-a }, { id: primary, secret: sk-b"),
            keyPath: "providers[0].keys[1].id", line: 5, message: "duplicate key id 'primary'"),
        BadConfig(
            name: "duplicate route name",
            yaml: openAIProviderYAML + modelsYAML() + "  - name: gpt-4o\n    targets: [ { provider: openai-main, model: gpt-4o } ]\n",
            keyPath: "models[1].name", line: 9, message: "duplicate route name 'gpt-4o'", hint: "line 7"),
        BadConfig(
            name: "duplicate YAML key", yaml: "server:\n  listen: 127.0.0.1:8080\n  listen: 127.0.0.1:9090\n", keyPath: "", line: 2,
            message: "duplicate key 'listen'"),
        BadConfig(
            name: "duplicate header ignoring case", yaml: openAIProviderYAML + "\n    headers: { X-Team: a, x-team: b }\n",
            keyPath: "providers[0].headers.x-team", line: 6, message: "header 'x-team' is set twice"),

        // MARK: References
        BadConfig(
            name: "route target provider not defined", yaml: openAIProviderYAML + modelsYAML(target: "{ provider: azure-eu, model: gpt-4o }"),
            keyPath: "models[0].targets[0].provider", line: 8, message: "provider 'azure-eu' is not defined", hint: "defined providers: openai-main"),
        BadConfig(
            name: "route target provider typo", yaml: openAIProviderYAML + modelsYAML(target: "{ provider: openai-mian, model: gpt-4o }"),
            keyPath: "models[0].targets[0].provider", line: 8, message: "provider 'openai-mian' is not defined", hint: "did you mean 'openai-main'?"),
        BadConfig(
            name: "route with no providers at all", yaml: modelsYAML(), keyPath: "models[0].targets[0].provider", line: 4,
            message: "provider 'openai-main' is not defined", hint: "no providers are defined"),
        BadConfig(
            name: "fallback route not defined", yaml: openAIProviderYAML + modelsYAML(fallbacks: "[ claude-sonnet ]"),
            keyPath: "models[0].fallbacks[0]", line: 9, message: "fallback route 'claude-sonnet' is not defined", hint: "defined routes: gpt-4o"),
        BadConfig(
            name: "route falls back to itself", yaml: openAIProviderYAML + modelsYAML(fallbacks: "[ gpt-4o ]"),
            keyPath: "models[0].fallbacks[0]", line: 9, message: "route 'gpt-4o' falls back to itself"),

        // MARK: Ranges and formats
        BadConfig(
            name: "port out of range", yaml: "server:\n  listen: 127.0.0.1:70000\n", keyPath: "server.listen", line: 2, column: 11,
            message: "port from 0 to 65535, got '127.0.0.1:70000'"),
        BadConfig(
            name: "listen without a port", yaml: "server:\n  admin_listen: localhost\n", keyPath: "server.admin_listen", line: 2,
            message: "expected an address host:port"),
        BadConfig(
            name: "listen and admin_listen collide", yaml: "server:\n  listen: 127.0.0.1:9000\n  admin_listen: 127.0.0.1:9000\n",
            keyPath: "server.admin_listen", line: 3, message: "use the same address"),
        BadConfig(
            name: "max_body_bytes below 1024", yaml: "server:\n  max_body_bytes: 100\n", keyPath: "server.max_body_bytes", line: 2,
            message: "100 is out of range: expected at least 1024"),
        BadConfig(
            name: "negative target weight", yaml: openAIProviderYAML + modelsYAML(target: "{ provider: openai-main, model: gpt-4o, weight: -1 }"),
            keyPath: "models[0].targets[0].weight", line: 8, message: "-1 is out of range"),
        BadConfig(
            name: "all target weights zero", yaml: openAIProviderYAML + modelsYAML(target: "{ provider: openai-main, model: gpt-4o, weight: 0 }"),
            keyPath: "models[0].targets", line: 8, message: "every target has weight 0"),
        BadConfig(
            name: "all key weights zero", yaml: openAIProviderYAML.replacingSecret(with: "secret: sk-x, weight: 0"),
            keyPath: "providers[0].keys", line: 5, message: "every key has weight 0"),
        BadConfig(
            name: "timeout must be above zero", yaml: openAIProviderYAML + "\n    timeouts: { total_ms: 0 }\n",
            keyPath: "providers[0].timeouts.total_ms", line: 6, message: "0 is out of range: expected from 1 to 86400000"),
        BadConfig(
            name: "max_connections above 10000", yaml: openAIProviderYAML + "\n    max_connections: 10001\n",
            keyPath: "providers[0].max_connections", line: 6, message: "10001 is out of range: expected from 1 to 10000"),
        BadConfig(
            name: "max_connections zero", yaml: openAIProviderYAML + "\n    max_connections: 0\n",
            keyPath: "providers[0].max_connections", line: 6, message: "0 is out of range"),
        BadConfig(
            name: "failure_ratio above 1", yaml: "circuit_breaker: { failure_ratio: 1.5 }\n", keyPath: "circuit_breaker.failure_ratio", line: 1,
            message: "1.5 is out of range: expected a number from 0 to 1"),
        BadConfig(
            name: "semantic threshold above 1", yaml: openAIProviderYAML + modelsYAML(cache: "{ semantic: { threshold: 2 } }"),
            keyPath: "models[0].cache.semantic.threshold", line: 9, message: "2 is out of range"),
        BadConfig(
            name: "max_attempts zero", yaml: "retries:\n  max_attempts: 0\n", keyPath: "retries.max_attempts", line: 2,
            message: "0 is out of range: expected from 1 to 100"),
        BadConfig(
            name: "max_backoff below backoff", yaml: "retries: { backoff_ms: 500, max_backoff_ms: 100 }\n", keyPath: "retries.max_backoff_ms",
            line: 1, message: "max_backoff_ms (100) is smaller than backoff_ms (500)"),
        BadConfig(
            name: "base_url must be http(s)", yaml: openAIProviderYAML.replacingOccurrences("https://api.openai.com/v1", "ftp://api.openai.com/v1"),
            keyPath: "providers[0].base_url", line: 4, message: "expected an http:// or https:// URL"),
        BadConfig(
            name: "base_url must be absolute", yaml: openAIProviderYAML.replacingOccurrences("https://api.openai.com/v1", "api.openai.com/v1"),
            keyPath: "providers[0].base_url", line: 4, message: "got 'api.openai.com/v1'"),
        BadConfig(
            name: "ttl must be a duration", yaml: openAIProviderYAML + modelsYAML(cache: "{ exact: true, ttl: 1w }"),
            keyPath: "models[0].cache.ttl", line: 9, message: "expected a duration such as 90s, 30m, 1h or 1d (or whole seconds), got '1w'"),
        BadConfig(
            name: "ttl must be positive", yaml: openAIProviderYAML + modelsYAML(cache: "{ ttl: 0 }"), keyPath: "models[0].cache.ttl", line: 9,
            message: "out of range"),
        BadConfig(
            name: "provider id may not contain a slash", yaml: openAIProviderYAML.replacingOccurrences("id: openai-main", "id: openai/main"),
            keyPath: "providers[0].id", line: 2, message: "expected a name made of letters, digits"),
        BadConfig(
            name: "health check path is a path", yaml: openAIProviderYAML + "\n    health_check: { path: models }\n",
            keyPath: "providers[0].health_check.path", line: 6, message: "expected a path starting with '/'"),
        BadConfig(
            name: "recent request ring is bounded", yaml: "control:\n  recent_requests: 1000000\n", keyPath: "control.recent_requests", line: 2,
            message: "out of range"),
        BadConfig(
            name: "unknown control key", yaml: "control: { grace: 5 }\n", keyPath: "control.grace", line: 1, message: "unknown key 'grace'"),
        BadConfig(
            name: "theme is a file name, not a path", yaml: "console: { theme: ../../etc/passwd }\n", keyPath: "console.theme", line: 1,
            message: "expected a name"),
        BadConfig(
            name: "header name must be a token", yaml: openAIProviderYAML + "\n    headers: { \"Bad Header\": x }\n",
            keyPath: "providers[0].headers.Bad Header", line: 6, message: "is not a valid HTTP header name"),
        BadConfig(
            name: "empty secret for a hosted provider", yaml: openAIProviderYAML.replacingSecret(with: "secret: \"\""),
            keyPath: "providers[0].keys[0].secret", line: 5, message: "the secret is empty", hint: "only openai-compatible"),
        BadConfig(
            name: "empty key list for a hosted provider",
            yaml: openAIProviderYAML.replacingOccurrences(
                "keys: [ { id: primary, secret: sk-test-0123456789 } ]", "keys: []"),
            keyPath: "providers[0].keys", line: 5, message: "needs at least one key"),
        BadConfig(
            name: "empty target list", yaml: openAIProviderYAML + "\nmodels:\n  - name: gpt-4o\n    targets: []\n", keyPath: "models[0].targets",
            line: 8, message: "a route needs at least one target"),
        BadConfig(
            name: "empty route name", yaml: openAIProviderYAML + "\nmodels:\n  - name: \"\"\n    targets: [ { provider: openai-main, model: m } ]\n",
            keyPath: "models[0].name", line: 7, message: "must not be empty"),

        // MARK: Store
        BadConfig(
            name: "store with both backends", yaml: "store:\n  sqlite: ./a.db\n  postgres: postgres://db/signalbox\n", keyPath: "store", line: 2,
            message: "got both"),
        BadConfig(
            name: "store with no backend", yaml: "store: {}\n", keyPath: "store", line: 1, message: "exactly one of 'sqlite: PATH' or 'postgres: URL'"
        ),
        BadConfig(
            name: "store with an unknown backend", yaml: "store:\n  mysql: mysql://db\n", keyPath: "store.mysql", line: 2,
            message: "unknown key 'mysql'", count: 2),
        BadConfig(
            name: "postgres URL scheme", yaml: "store:\n  postgres: mysql://user:hunter2@db/signalbox\n", keyPath: "store.postgres", line: 2,
            message: "expected a postgres:// or postgresql:// URL"),

        // MARK: Interpolation
        BadConfig(
            name: "unset variable without default", yaml: openAIProviderYAML.replacingSecret(with: "secret: \"${OPENAI_API_KEY}\""),
            keyPath: "providers[0].keys[0].secret", line: 5, message: "environment variable 'OPENAI_API_KEY' is not set",
            hint: "${OPENAI_API_KEY:-default}"),
        BadConfig(
            name: "unterminated reference", yaml: "console:\n  theme: ${THEME\n", keyPath: "console.theme", line: 2,
            message: "unterminated '${'"),
        BadConfig(
            name: "invalid variable name", yaml: "console:\n  theme: ${1THEME}\n", keyPath: "console.theme", line: 2,
            message: "'${1THEME}' is not a valid environment reference"),
        BadConfig(
            name: "interpolated value of the wrong type", yaml: "retries:\n  max_attempts: ${ATTEMPTS:-three}\n", keyPath: "retries.max_attempts",
            line: 2, message: "expected an integer, got '${ATTEMPTS:-three}'", hint: "$ATTEMPTS"),
    ]

    @Test(arguments: cases)
    func reportsTheProblem(_ bad: BadConfig) throws {
        let errors = configErrors(bad.yaml, environment: bad.environment)
        let error = try #require(
            errors.first { $0.keyPath == bad.keyPath && $0.message.contains(bad.message) },
            "no error at '\(bad.keyPath)' containing \"\(bad.message)\"; got:\n\(errors.map(\.description).joined(separator: "\n"))")
        #expect(error.file == "test.yaml")
        #expect(error.line == bad.line)
        if let column = bad.column { #expect(error.column == column) }
        if let hint = bad.hint { #expect(error.hint?.contains(hint) == true, "hint was \(error.hint ?? "nil")") }
        #expect(errors.count == bad.count, "errors:\n\(errors.map(\.description).joined(separator: "\n"))")
    }
}

/// A one-route `models:` section starting at line 6 (after `openAIProviderYAML`): the route name is on
/// line 7, `strategy` on line 8 when given, then targets, fallbacks and cache on their own lines.
func modelsYAML(
    strategy: String? = nil, target: String = "{ provider: openai-main, model: gpt-4o }", fallbacks: String? = nil, cache: String? = nil
) -> String {
    var text = "\nmodels:\n  - name: gpt-4o\n"
    if let strategy { text += "    strategy: \(strategy)\n" }
    text += "    targets: [ \(target) ]\n"
    if let fallbacks { text += "    fallbacks: \(fallbacks)\n" }
    if let cache { text += "    cache: \(cache)\n" }
    return text
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    /// Replaces `secret: sk-test-0123456789` in `openAIProviderYAML`'s key entry.
    func replacingSecret(with replacement: String) -> String {
        replacingOccurrences("secret: sk-test-0123456789", replacement)
    }

    func dropFirstLine() -> String {
        String(drop { $0 != "\n" }.dropFirst())
    }
}
