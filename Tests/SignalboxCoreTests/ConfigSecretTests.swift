import SignalboxCore
import Testing

/// Secrets that reach the loader — through `${VAR}` or written in the file — never appear in an error.
@Suite("Config errors never leak secrets")
struct ConfigSecretTests {
    static let secret = "sk-live-SECRET-0123456789abcdef"

    struct Leak: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        /// What the message shows instead of the secret.
        let shown: String?
        var testDescription: String { name }
    }

    static let leaks: [Leak] = [
        Leak(
            name: "secret variable in an integer field", yaml: openAIProviderYAML + "\n    max_connections: ${OPENAI_API_KEY}\n",
            shown: "got '${OPENAI_API_KEY}'"),
        Leak(
            name: "secret variable in an enum field", yaml: openAIProviderYAML.replacingOccurrences("kind: openai", "kind: ${OPENAI_API_KEY}"),
            shown: "got '${OPENAI_API_KEY}'"),
        Leak(
            name: "secret variable in a URL field", yaml: openAIProviderYAML.replacingOccurrences("https://api.openai.com/v1", "${OPENAI_API_KEY}"),
            shown: "got '${OPENAI_API_KEY}'"),
        Leak(name: "secret variable in a listen address", yaml: "server:\n  listen: \"${OPENAI_API_KEY}\"\n", shown: "got '${OPENAI_API_KEY}'"),
        Leak(name: "secret variable in a duration", yaml: openAIProviderYAML + modelsYAML(cache: "{ ttl: \"${OPENAI_API_KEY}\" }"), shown: nil),
        Leak(name: "secret variable in a name", yaml: "console: { theme: \"x/${OPENAI_API_KEY}\" }\n", shown: nil),
        Leak(
            name: "secret variable in a header with a newline",
            yaml: openAIProviderYAML + "\n    headers: { Authorization: \"Bearer ${OPENAI_API_KEY}\\n\" }\n",
            shown: nil),
        Leak(name: "postgres URL with a password", yaml: "store:\n  postgres: \"mysql://u:\(secret)@db/x\"\n", shown: nil),
        Leak(name: "postgres URL from the environment", yaml: "store:\n  postgres: \"${OPENAI_API_KEY}\"\n", shown: nil),
        Leak(
            name: "literal secret with a wrong-typed sibling",
            yaml: openAIProviderYAML.replacingSecret(with: "secret: \(secret), weight: heavy"), shown: "got 'heavy'"),
    ]

    @Test(arguments: leaks)
    func errorDoesNotContainTheSecret(_ leak: Leak) throws {
        let errors = configErrors(leak.yaml, environment: ["OPENAI_API_KEY": Self.secret])
        try #require(!errors.isEmpty, "the config should be invalid")
        for error in errors {
            #expect(!error.description.contains(Self.secret))
            #expect(!error.description.contains("SECRET-0123"), "not even a fragment")
            #expect(!error.message.contains(Self.secret))
            #expect(!(error.hint ?? "").contains(Self.secret))
        }
        if let shown = leak.shown {
            #expect(errors.contains { $0.message.contains(shown) }, "errors: \(errors)")
        }
    }

    @Test func interpolatedValueErrorsPointAtTheVariable() throws {
        let errors = configErrors(openAIProviderYAML + "\n    max_connections: ${OPENAI_API_KEY}\n", environment: ["OPENAI_API_KEY": Self.secret])
        let error = try #require(errors.first)
        #expect(error.message == "expected an integer, got '${OPENAI_API_KEY}'")
        #expect(error.hint == "the value comes from the environment ($OPENAI_API_KEY)")
    }

    @Test func emptySecretFromTheEnvironmentSaysWhere() throws {
        let errors = configErrors(openAIProviderYAML.replacingSecret(with: "secret: \"${OPENAI_API_KEY}\""), environment: ["OPENAI_API_KEY": ""])
        let error = try #require(errors.first)
        #expect(error.message == "the secret is empty")
        #expect(error.hint?.contains("it comes from $OPENAI_API_KEY, which is empty") == true)
    }

    @Test func loadedConfigDoesNotPrintSecrets() throws {
        let config = try parseConfig(
            openAIProviderYAML.replacingSecret(with: "secret: \"${OPENAI_API_KEY}\"")
                + "\nstore: { postgres: \"postgres://u:\(Self.secret)@db/x\" }\n",
            environment: ["OPENAI_API_KEY": Self.secret])
        #expect(config.providers[0].keys[0].secret.reveal() == Self.secret)
        for text in [String(describing: config), String(reflecting: config), "\(config.providers[0].keys)", "\(config.store)"] {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("SECRET-0123"))
        }
    }
}
