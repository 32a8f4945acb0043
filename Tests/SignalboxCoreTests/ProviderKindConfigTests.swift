import SignalboxCore
import Testing

/// `providers[]` settings that depend on the kind: default base URLs, presets, `region`,
/// `project`, `api_version` and bedrock's key fields.
@Suite("Provider kinds in config")
struct ProviderKindConfigTests {
    @Test("hosted kinds default their base_url; bedrock and vertex build it from the region")
    func defaultBaseURLs() throws {
        let config = try parseConfig(
            """
            providers:
              - { id: claude, kind: anthropic, keys: [ { id: k, secret: sk-ant } ] }
              - { id: gem, kind: gemini, keys: [ { id: k, secret: g } ] }
              - { id: co, kind: cohere, keys: [ { id: k, secret: c } ] }
              - { id: br, kind: bedrock, region: eu-west-1, keys: [ { id: k, access_key_id: AKIDEXAMPLE, secret: s, session_token: t } ] }
              - { id: vx, kind: vertex, region: global, project: p-1, keys: [ { id: k, secret: ya29 } ] }
              - { id: vx2, kind: vertex, region: us-central1, project: p-1, keys: [ { id: k, secret: ya29 } ] }
            """)
        let urls = Dictionary(uniqueKeysWithValues: config.providers.map { ($0.id, $0.baseURL) })
        #expect(urls["claude"] == "https://api.anthropic.com/v1")
        #expect(urls["gem"] == "https://generativelanguage.googleapis.com/v1beta")
        #expect(urls["co"] == "https://api.cohere.com/v2")
        #expect(urls["br"] == "https://bedrock-runtime.eu-west-1.amazonaws.com")
        #expect(urls["vx"] == "https://aiplatform.googleapis.com/v1")
        #expect(urls["vx2"] == "https://us-central1-aiplatform.googleapis.com/v1")
        let claude = try #require(config.providers.first { $0.id == "claude" })
        #expect(claude.apiVersion == "2023-06-01")
        let bedrock = try #require(config.providers.first { $0.id == "br" })
        #expect(bedrock.keys.first?.accessKeyID == "AKIDEXAMPLE")
        #expect(bedrock.keys.first?.sessionToken?.reveal() == "t")
        #expect(bedrock.region == "eu-west-1")
        #expect(config.providers.first { $0.id == "vx" }?.project == "p-1")
    }

    @Test("a preset sets base_url; hosted presets need a key, local ones do not")
    func presets() throws {
        let config = try parseConfig(
            """
            providers:
              - { id: groq, kind: openai-compatible, preset: groq, keys: [ { id: k, secret: gsk } ] }
              - { id: local, kind: openai-compatible, preset: ollama }
              - { id: own, kind: openai-compatible, preset: vllm, base_url: "http://127.0.0.1:9000/v1" }
            """)
        #expect(config.providers.map(\.baseURL) == ["https://api.groq.com/openai/v1", "http://127.0.0.1:11434/v1", "http://127.0.0.1:9000/v1"])
        let errors = configErrors("providers:\n  - { id: groq, kind: openai-compatible, preset: groq }\n")
        #expect(errors.contains { $0.keyPath == "providers[0].keys" && $0.message.contains("missing required key 'keys'") }, "\(errors)")
    }

    @Test(
        "kind-specific settings are required where needed and refused elsewhere",
        arguments: [
            ("providers:\n  - { id: br, kind: bedrock, keys: [ { id: k, secret: s } ] }\n", "providers[0].region", "missing required key 'region'"),
            (
                "providers:\n  - { id: vx, kind: vertex, region: us-central1, keys: [ { id: k, secret: s } ] }\n", "providers[0].project",
                "missing required key 'project'"
            ),
            (
                "providers:\n  - { id: o, kind: openai, region: us-east-1, keys: [ { id: k, secret: s } ] }\n", "providers[0].region",
                "'region' has no meaning for openai providers"
            ),
            (
                "providers:\n  - { id: a, kind: anthropic, preset: groq, keys: [ { id: k, secret: s } ] }\n", "providers[0].preset",
                "'preset' has no meaning for anthropic providers"
            ),
            ("providers:\n  - { id: az, kind: azure, keys: [ { id: k, secret: s } ] }\n", "providers[0].base_url", "missing required key 'base_url'"),
            (
                "providers:\n  - { id: o, kind: openai, keys: [ { id: k, secret: s, access_key_id: AK } ] }\n", "providers[0].keys[0].access_key_id",
                "unknown key 'access_key_id'"
            ),
            (
                "providers:\n  - { id: x, kind: openai-compatible, preset: nosuch }\n", "providers[0].preset",
                "mistral"
            ),
        ])
    func kindSettings(_ yaml: String, _ keyPath: String, _ message: String) {
        let errors = configErrors(yaml)
        #expect(
            errors.contains { $0.keyPath == keyPath && ($0.message.contains(message) || ($0.hint ?? "").contains(message)) },
            "errors:\n\(errors.map(\.description).joined(separator: "\n"))")
    }
}
