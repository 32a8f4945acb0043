import SignalboxCore
import Testing

/// Parses `yaml` and returns the errors it produced (empty when it is valid).
func configErrors(_ yaml: String, environment: [String: String] = [:], file: String = "test.yaml") -> [ConfigError] {
    do {
        _ = try ConfigLoader.parse(yaml: yaml, file: file, environment: environment)
        return []
    } catch {
        return error.errors
    }
}

/// Parses `yaml`, failing the test with the loader's report when it is not valid.
func parseConfig(_ yaml: String, environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> GatewayConfig {
    do {
        return try ConfigLoader.parse(yaml: yaml, file: "test.yaml", environment: environment)
    } catch {
        Issue.record("config did not parse:\n\(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// A valid provider block (lines 1–5) that other snippets build on.
let openAIProviderYAML = """
    providers:
      - id: openai-main
        kind: openai
        base_url: https://api.openai.com/v1
        keys: [ { id: primary, secret: sk-test-0123456789 } ]
    """
