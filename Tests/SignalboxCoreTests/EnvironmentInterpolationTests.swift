import Testing

@testable import SignalboxCore

@Suite("Environment interpolation")
struct EnvironmentInterpolationTests {
    static let environment = ["HOST": "gpu-box", "PORT": "11434", "EMPTY": "", "KEY": "sk-live-0123456789"]

    struct Expansion: Sendable, CustomTestStringConvertible {
        let input: String
        let output: String
        let variables: [String]
        var testDescription: String { input }
    }

    static let expansions: [Expansion] = [
        Expansion(input: "plain text", output: "plain text", variables: []),
        Expansion(input: "${HOST}", output: "gpu-box", variables: ["HOST"]),
        Expansion(input: "http://${HOST}:${PORT}/v1", output: "http://gpu-box:11434/v1", variables: ["HOST", "PORT"]),
        Expansion(input: "${MISSING:-fallback}", output: "fallback", variables: ["MISSING"]),
        Expansion(input: "${HOST:-fallback}", output: "gpu-box", variables: ["HOST"]),
        Expansion(input: "${EMPTY:-fallback}", output: "fallback", variables: ["EMPTY"]),
        Expansion(input: "${EMPTY}", output: "", variables: ["EMPTY"]),
        Expansion(input: "${MISSING:-}", output: "", variables: ["MISSING"]),
        Expansion(input: "${MISSING:-a:-b}", output: "a:-b", variables: ["MISSING"]),
        Expansion(input: "$${HOST}", output: "${HOST}", variables: []),
        Expansion(input: "cost: $$5", output: "cost: $5", variables: []),
        Expansion(input: "pa$word", output: "pa$word", variables: []),
        Expansion(input: "trailing $", output: "trailing $", variables: []),
        Expansion(input: "$$$${HOST}", output: "$${HOST}", variables: []),
        Expansion(input: "$$${HOST}", output: "$gpu-box", variables: ["HOST"]),
        Expansion(input: "é${HOST}ü", output: "égpu-boxü", variables: ["HOST"]),
    ]

    @Test(arguments: expansions)
    func expands(_ expansion: Expansion) throws {
        let result = try EnvironmentInterpolation.expand(expansion.input, environment: Self.environment).get()
        #expect(result.value == expansion.output)
        #expect(result.variables == expansion.variables)
    }

    @Test(arguments: [
        ("${MISSING}", EnvironmentInterpolation.Failure.unsetVariable("MISSING")),
        ("a ${HOST} b ${NOPE} c", .unsetVariable("NOPE")),
        ("${HOST", .unterminated),
        ("${}", .invalidReference("")),
        ("${9LIVES}", .invalidReference("9LIVES")),
        ("${HOST-default}", .invalidReference("HOST-default")),
        ("${A B}", .invalidReference("A B")),
    ])
    func fails(input: String, failure: EnvironmentInterpolation.Failure) {
        #expect(throws: failure) { try EnvironmentInterpolation.expand(input, environment: Self.environment).get() }
    }

    // MARK: - Through the loader

    @Test func setVariableReplacesTheReference() throws {
        let config = try parseConfig(
            openAIProviderYAML.replacingSecret(with: "secret: \"${OPENAI_API_KEY}\""), environment: ["OPENAI_API_KEY": "sk-abc"])
        #expect(config.providers[0].keys[0].secret.reveal() == "sk-abc")
    }

    @Test func defaultIsUsedWhenUnset() throws {
        let config = try parseConfig("server:\n  listen: 127.0.0.1:${PORT:-9000}\n  max_body_bytes: ${MAX_BODY:-2048}\n")
        #expect(config.server.listen.port == 9_000)
        #expect(config.server.maxBodyBytes == 2_048)
    }

    @Test func environmentOverridesTheDefault() throws {
        let config = try parseConfig("server:\n  listen: 127.0.0.1:${PORT:-9000}\n", environment: ["PORT": "7000"])
        #expect(config.server.listen.port == 7_000)
    }

    @Test func unsetVariableNamesVariableFileAndLine() throws {
        let yaml = openAIProviderYAML.replacingSecret(with: "secret: \"${OPENAI_API_KEY}\"")
        let errors = configErrors(yaml, file: "prod.yaml")
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.isUnsetVariable)
        #expect(error.file == "prod.yaml")
        #expect(error.line == 5)
        #expect(error.description.hasPrefix("prod.yaml:5:"))
        #expect(error.description.contains("environment variable 'OPENAI_API_KEY' is not set"))
    }

    @Test func interpolatesInsideLists() throws {
        let config = try parseConfig(
            """
            providers:
              - { id: "${PROVIDER:-local}", kind: openai-compatible, base_url: "http://${HOST:-localhost}:${PORT:-11434}/v1" }
            models:
              - name: main
                targets:
                  - { provider: local, model: "${MODEL:-llama3}", weight: "${WEIGHT:-2}" }
                fallbacks: [ "${FALLBACK:-spare}" ]
              - name: spare
                targets: [ { provider: local, model: small } ]
            """,
            environment: ["HOST": "gpu-box", "MODEL": "qwen2.5"])
        #expect(config.providers[0].id == "local")
        #expect(config.providers[0].baseURL == "http://gpu-box:11434/v1")
        #expect(config.models[0].targets == [RouteTarget(provider: "local", model: "qwen2.5", weight: 2)])
        #expect(config.models[0].fallbacks == ["spare"])
    }

    @Test func escapesProduceLiteralDollars() throws {
        let config = try parseConfig(
            openAIProviderYAML.replacingSecret(with: "secret: \"pa$$word-$${NOT_A_VAR}\"") + "\n    headers: { X-Price: \"$$5\" }\n")
        #expect(config.providers[0].keys[0].secret.reveal() == "pa$word-${NOT_A_VAR}")
        #expect(config.providers[0].headers["X-Price"] == "$5")
    }

    @Test func keysAreNotInterpolated() throws {
        let errors = configErrors("console:\n  ${KEY}: x\n", environment: ["KEY": "theme"])
        #expect(errors.map(\.message) == ["unknown key '${KEY}'"])
    }

    @Test func interpolationHappensAfterParsingSoYAMLInValuesIsInert() throws {
        // A value that looks like YAML structure stays one string; line numbers of later keys are unaffected.
        let errors = configErrors("console:\n  theme: \"${THEME}\"\nretries:\n  max_attempts: 0\n", environment: ["THEME": "a\nb: [c]"])
        #expect(errors.map(\.keyPath) == ["console.theme", "retries.max_attempts"])
        #expect(errors.map(\.line) == [2, 4])
    }
}
