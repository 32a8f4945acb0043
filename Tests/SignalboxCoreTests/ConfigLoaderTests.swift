import Foundation
import SignalboxCore
import Testing

@Suite("ConfigLoader")
struct ConfigLoaderTests {
    // MARK: - Valid configs

    /// DESIGN §5 verbatim, plus the provider and route it refers to.
    static let designYAML = """
        server:   { listen: 127.0.0.1:8080, admin_listen: 127.0.0.1:8081, max_body_bytes: 10485760 }
        store:    { sqlite: ./signalbox.db }
        providers:
          - id: openai-main
            kind: openai
            base_url: https://api.openai.com/v1
            keys: [ { id: primary, secret: "${OPENAI_API_KEY}", weight: 1 } ]
            timeouts: { connect_ms: 2000, first_byte_ms: 30000, idle_ms: 60000, total_ms: 600000 }
            max_connections: 64
          - id: azure-eu
            kind: azure
            base_url: https://example-eu.openai.azure.com/openai/
            keys: [ { id: k1, secret: "${AZURE_KEY}" } ]
            http_version: "1.1"
            headers: { api-version: 2024-10-21 }
          - id: anthropic
            kind: anthropic
            base_url: https://api.anthropic.com
            keys: [ { id: main, secret: "${ANTHROPIC_API_KEY}" } ]
        models:
          - name: gpt-4o
            strategy: weighted
            targets: [ { provider: openai-main, model: gpt-4o, weight: 3 }, { provider: azure-eu, model: gpt-4o, weight: 1 } ]
            fallbacks: [ claude-sonnet ]
            cache: { exact: true, semantic: { threshold: 0.93 }, ttl: 1h }
          - name: claude-sonnet
            strategy: least-busy
            targets: [ { provider: anthropic, model: claude-sonnet-4-5 } ]
        retries:          { max_attempts: 3, backoff_ms: 100, max_backoff_ms: 5000 }
        circuit_breaker:  { failure_ratio: 0.5, min_requests: 10, window_s: 30, cooldown_s: 30 }
        console:          { theme: ops-dark }
        """

    static let designEnvironment = [
        "OPENAI_API_KEY": "sk-openai-0123456789", "AZURE_KEY": "az-0123456789abcdef", "ANTHROPIC_API_KEY": "sk-ant-0123456789",
    ]

    @Test func parsesTheDesignExample() throws {
        let config = try parseConfig(Self.designYAML, environment: Self.designEnvironment)
        #expect(
            config.server
                == ServerConfig(listen: ListenAddress(host: "127.0.0.1", port: 8080), adminListen: ListenAddress(host: "127.0.0.1", port: 8081)))
        #expect(config.store == .sqlite(path: "./signalbox.db"))
        #expect(config.providers.map(\.id) == ["openai-main", "azure-eu", "anthropic"])

        let openAI = try #require(config.provider(id: "openai-main"))
        #expect(openAI.kind == .openai)
        #expect(openAI.baseURL == "https://api.openai.com/v1")
        #expect(openAI.keys == [ProviderKeyConfig(id: "primary", secret: Secret("sk-openai-0123456789"), weight: 1)])
        #expect(openAI.timeouts == ProviderTimeouts(connectMs: 2_000, firstByteMs: 30_000, idleMs: 60_000, totalMs: 600_000))
        #expect(openAI.maxConnections == 64)

        let azure = try #require(config.provider(id: "azure-eu"))
        #expect(azure.kind == .azure)
        #expect(azure.baseURL == "https://example-eu.openai.azure.com/openai", "one trailing slash is stripped")
        #expect(azure.httpVersion == .http1)
        #expect(azure.headers == ["api-version": "2024-10-21"], "a date-like scalar stays the text as written")

        let route = try #require(config.route(named: "gpt-4o"))
        #expect(route.strategy == .weighted)
        #expect(
            route.targets == [
                RouteTarget(provider: "openai-main", model: "gpt-4o", weight: 3), RouteTarget(provider: "azure-eu", model: "gpt-4o", weight: 1),
            ])
        #expect(route.fallbacks == ["claude-sonnet"])
        #expect(route.cache == RouteCacheConfig(exact: true, semanticThreshold: 0.93, ttlSeconds: 3_600))
        #expect(config.route(named: "claude-sonnet")?.strategy == .leastBusy)

        #expect(config.retries == RetryConfig(maxAttempts: 3, backoffMs: 100, maxBackoffMs: 5_000))
        #expect(config.circuitBreaker == CircuitBreakerConfig(failureRatio: 0.5, minRequests: 10, windowSeconds: 30, cooldownSeconds: 30))
        #expect(config.console.theme == "ops-dark")
    }

    @Test func emptyFileIsAllDefaults() throws {
        #expect(try parseConfig("") == GatewayConfig())
        #expect(try parseConfig("# only a comment\n") == GatewayConfig())
        #expect(try parseConfig("server:\nproviders:\nmodels:\n") == GatewayConfig(), "empty sections are empty, not errors")
    }

    @Test func appliesDefaults() throws {
        let config = try parseConfig(
            """
            providers:
              - id: local
                kind: openai-compatible
                base_url: http://127.0.0.1:11434/v1/
            models:
              - name: llama
                targets: [ { provider: local, model: "llama3.1:8b" } ]
                cache: { exact: true }
            """)
        #expect(config.server == ServerConfig())
        #expect(config.server.maxBodyBytes == 10_485_760)
        #expect(config.server.drainTimeoutSeconds == 10)
        #expect(config.store == .sqlite(path: "./signalbox.db"))
        #expect(config.retries == RetryConfig())
        #expect(config.circuitBreaker == CircuitBreakerConfig())
        #expect(config.console == ConsoleConfig())

        let provider = try #require(config.providers.first)
        #expect(provider.baseURL == "http://127.0.0.1:11434/v1")
        #expect(provider.keys.isEmpty, "openai-compatible needs no keys")
        #expect(provider.timeouts == ProviderTimeouts())
        #expect(provider.maxConnections == 64)
        #expect(provider.httpVersion == .auto)
        #expect(provider.headers.isEmpty)

        let route = try #require(config.models.first)
        #expect(route.strategy == .weighted)
        #expect(route.targets == [RouteTarget(provider: "local", model: "llama3.1:8b", weight: 1)])
        #expect(route.fallbacks.isEmpty)
        #expect(route.cache == RouteCacheConfig(exact: true, semanticThreshold: nil, ttlSeconds: 3_600))
    }

    @Test func openAICompatibleKeysMayHaveNoSecret() throws {
        let config = try parseConfig(
            """
            providers:
              - id: vllm
                kind: openai-compatible
                base_url: http://10.0.0.5:8000/v1
                keys: [ { id: none }, { id: blank, secret: "", weight: 0 } ]
            """)
        #expect(config.providers[0].keys.map(\.id) == ["none", "blank"])
        #expect(config.providers[0].keys.allSatisfy { $0.secret.isEmpty })
    }

    @Test func readsEveryOptionalKey() throws {
        let config = try parseConfig(
            """
            server:
              listen: "[::1]:9000"
              admin_listen: :9001
              max_body_bytes: 1_048_576
              drain_timeout_s: 0
            store:
              postgres: postgres://signalbox:pw@db:5432/signalbox
            providers:
              - id: gem
                kind: gemini
                base_url: https://generativelanguage.googleapis.com/v1beta
                keys: [ { id: a, secret: g-key-a, weight: 2 }, { id: b, secret: g-key-b, weight: 0 } ]
                timeouts: { connect_ms: 1, idle_ms: 5000 }
                max_connections: 10000
                http_version: 2
                headers:
                  X-Goog-User-Project: my-project
                health_check: { path: /models, interval_s: 5, timeout_ms: 700 }
            models:
              - name: gemini
                strategy: cost
                targets: [ { provider: gem, model: gemini-2.0-flash } ]
                cache: { exact: off, semantic: { threshold: 1 }, ttl: 1h30m }
            retries: { max_attempts: 1, backoff_ms: 0, max_backoff_ms: 0, deadline_ms: 2500 }
            circuit_breaker: { failure_ratio: 0, min_requests: 1, window_s: 1, cooldown_s: 86400, try_when_all_open: true }
            console: { theme: high-contrast }
            control: { key_rotation_grace_s: 0, recent_requests: 0, recent_body_bytes: 1024 }
            """)
        #expect(config.server.listen == ListenAddress(host: "::1", port: 9000))
        #expect(config.server.adminListen == ListenAddress(host: "0.0.0.0", port: 9001))
        #expect(config.server.maxBodyBytes == 1_048_576)
        #expect(config.server.drainTimeoutSeconds == 0)
        #expect(config.store == .postgres(url: Secret("postgres://signalbox:pw@db:5432/signalbox")))
        let provider = config.providers[0]
        #expect(provider.keys.map(\.weight) == [2, 0])
        #expect(provider.timeouts == ProviderTimeouts(connectMs: 1, firstByteMs: 30_000, idleMs: 5_000, totalMs: 600_000))
        #expect(provider.maxConnections == 10_000)
        #expect(provider.httpVersion == .http2)
        #expect(provider.headers == ["X-Goog-User-Project": "my-project"])
        #expect(provider.healthCheck == HealthCheckConfig(path: "/models", intervalSeconds: 5, timeoutMs: 700))
        #expect(config.models[0].strategy == .cost)
        #expect(config.models[0].cache == RouteCacheConfig(exact: false, semanticThreshold: 1, ttlSeconds: 5_400))
        #expect(config.retries == RetryConfig(maxAttempts: 1, backoffMs: 0, maxBackoffMs: 0, deadlineMs: 2_500))
        #expect(
            config.circuitBreaker
                == CircuitBreakerConfig(failureRatio: 0, minRequests: 1, windowSeconds: 1, cooldownSeconds: 86_400, tryWhenAllOpen: true))
        #expect(config.console.theme == "high-contrast")
        #expect(config.control == ControlConfig(keyRotationGraceSeconds: 0, recentRequests: 0, recentBodyBytes: 1_024))
    }

    @Test(arguments: [("90s", 90), ("30m", 1_800), ("1h", 3_600), ("1d", 86_400), ("1h30m", 5_400), ("600", 600), ("2d12h", 216_000)])
    func ttlDurations(text: String, seconds: Int) throws {
        let config = try parseConfig(openAIProviderYAML + modelsYAML(cache: "{ ttl: \(text) }"))
        #expect(config.models[0].cache?.ttlSeconds == seconds)
    }

    @Test func mergeKeysAndAnchorsAreHonoured() throws {
        let config = try parseConfig(
            """
            x-timeouts: &slow { connect_ms: 5000, total_ms: 900000 }
            providers:
              - id: a
                kind: openai-compatible
                base_url: http://127.0.0.1:1/v1
                timeouts: { <<: *slow, total_ms: 1000 }
              - id: b
                kind: openai-compatible
                base_url: http://127.0.0.1:2/v1
                timeouts: *slow
            """)
        #expect(config.providers[0].timeouts.connectMs == 5_000)
        #expect(config.providers[0].timeouts.totalMs == 1_000, "keys written in the mapping win over merged ones")
        #expect(config.providers[1].timeouts.totalMs == 900_000)
    }

    @Test func sectionOrderDoesNotMatter() throws {
        let config = try parseConfig(
            "models:\n  - name: m\n    targets: [ { provider: p, model: x } ]\n"
                + "providers:\n  - { id: p, kind: openai-compatible, base_url: \"http://h/v1\" }\n")
        #expect(config.models[0].targets[0].provider == "p")
    }

    // MARK: - The example file

    static var examplePath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/examples/signalbox.yaml").path
    }

    @Test func exampleFileLoadsWithoutAnyEnvironment() throws {
        let config = try ConfigLoader.load(path: Self.examplePath, environment: [:])
        #expect(config.providers.map(\.id) == ["openai-main", "local"])
        #expect(config.providers.map(\.kind) == [.openai, .openaiCompatible])
        #expect(config.models.map(\.name) == ["gpt-4o-mini", "local-llama", "embed"])
        #expect(config.models[0].fallbacks == ["local-llama"])
        #expect(config.cache.embeddingRoute == "embed")
        #expect(config.server.listen == ListenAddress(host: "127.0.0.1", port: 8080))
        #expect(config.store == .sqlite(path: "./signalbox.db"))
        #expect(ConfigLoader.warnings(for: config).isEmpty)
    }

    @Test func exampleFileTakesValuesFromTheEnvironment() throws {
        let config = try ConfigLoader.load(
            path: Self.examplePath,
            environment: ["OPENAI_API_KEY": "sk-real-0123456789", "OLLAMA_BASE_URL": "http://gpu-box:11434/v1/", "SIGNALBOX_DB": "/var/lib/sb.db"])
        #expect(config.providers[0].keys[0].secret.reveal() == "sk-real-0123456789")
        #expect(config.providers[1].baseURL == "http://gpu-box:11434/v1")
        #expect(config.store == .sqlite(path: "/var/lib/sb.db"))
    }

    // MARK: - Reporting

    @Test func collectsEveryProblemInFileOrder() {
        let errors = configErrors(
            """
            server:
              listen: nowhere
            providers:
              - id: p
                kind: opnai
                base_url: https://x/v1
                keys: [ { id: k, secret: s } ]
            retries:
              max_attempts: 0
            """)
        #expect(errors.map(\.keyPath) == ["server.listen", "providers[0].kind", "retries.max_attempts"])
        #expect(errors.map(\.line) == [2, 5, 9])
    }

    @Test func danglingReferencesAreNotReportedWhenAProviderIdIsBroken() {
        // The real problem is the missing id; "provider 'p' is not defined" would send the user the wrong way.
        let errors = configErrors(
            """
            providers:
              - kind: openai-compatible
                base_url: http://h/v1
            models:
              - name: m
                targets: [ { provider: p, model: x } ]
            """)
        #expect(errors.map(\.keyPath) == ["providers[0].id"])
    }

    @Test func descriptionIsFileLineColumnKeyPathMessageThenHint() throws {
        let errors = configErrors(
            "providers:\n  - id: p\n    kind: openai-compatible\n    base_url: http://h/v1\n    max_connections: lots\n", file: "gw.yaml")
        let error = try #require(errors.first)
        #expect(
            error.description == """
                gw.yaml:5:22: providers[0].max_connections: expected an integer, got 'lots'
                """)
        let withHint = try #require(configErrors("retries:\n  max_attempts: 0\n", file: "gw.yaml").first)
        #expect(withHint.description == "gw.yaml:2:17: retries.max_attempts: 0 is out of range: expected from 1 to 100\n  hint: 1 means no retries")
        let unknown = try #require(configErrors("console: { tehme: x }\n", file: "gw.yaml").first)
        #expect(unknown.description == "gw.yaml:1:12: console.tehme: unknown key 'tehme'\n  hint: did you mean 'theme'?")
    }

    @Test func configErrorsDescriptionListsEveryError() throws {
        do {
            _ = try ConfigLoader.parse(yaml: "retries:\n  max_attempts: 0\nconsole: { theme: \"\" }\n", file: "gw.yaml", environment: [:])
            Issue.record("expected errors")
        } catch {
            #expect(error.errors.count == 2)
            #expect(error.first.keyPath == "retries.max_attempts")
            let lines = error.description.split(separator: "\n")
            #expect(lines.first == "gw.yaml:2:17: retries.max_attempts: 0 is out of range: expected from 1 to 100")
            #expect(lines.contains("gw.yaml:3:19: console.theme: expected a name made of letters, digits, '.', '_' and '-', got ''"))
        }
    }

    @Test func yamlSyntaxErrorHasAPosition() throws {
        let errors = configErrors("server:\n  listen: 127.0.0.1:8080\n   admin_listen: x\n")
        let error = try #require(errors.first)
        #expect(errors.count == 1)
        #expect(error.message.hasPrefix("invalid YAML: "))
        #expect(error.line == 3)
        #expect(error.column != nil)
        #expect(error.keyPath.isEmpty)
    }

    @Test func unclosedFlowListIsASyntaxError() throws {
        let error = try #require(configErrors("models:\n  - name: a\n    fallbacks: [ b, c\n").first)
        #expect(error.message.hasPrefix("invalid YAML: "))
        #expect(error.line != nil)
        #expect(error.description.hasPrefix("test.yaml:"))
    }

    @Test func missingFileIsAConfigError() throws {
        let path = "/nonexistent/signalbox-\(UInt64.random(in: 0...UInt64.max)).yaml"
        do {
            _ = try ConfigLoader.load(path: path, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.first.file == path)
            #expect(error.first.line == nil)
            #expect(error.description == "\(path): cannot read config file: no such file")
        }
    }

    @Test func relativeMissingPathHintsAtTheWorkingDirectory() throws {
        do {
            _ = try ConfigLoader.load(path: "no-such-signalbox.yaml", environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.first.hint == "relative paths are resolved from the current directory, \(FileManager.default.currentDirectoryPath)")
        }
    }

    @Test func directoryIsAConfigError() throws {
        do {
            _ = try ConfigLoader.load(path: NSTemporaryDirectory(), environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.first.message.contains("it is a directory"))
            #expect(error.first.hint?.hasSuffix("/signalbox.yaml") == true)
            #expect(error.first.hint?.contains("//") == false)
        }
    }

    @Test func loadReadsTheFileAndNamesItInErrors() throws {
        let path = NSTemporaryDirectory() + "signalbox-config-\(UInt64.random(in: 0...UInt64.max)).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "console:\n  theme: [a]\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try ConfigLoader.load(path: path, environment: [:])
            Issue.record("expected an error")
        } catch {
            #expect(error.first.description.hasPrefix("\(path):2:10: console.theme: expected a name, got a list"))
        }
    }

    // MARK: - Warnings

    @Test func warnsAboutNonLoopbackListenersAndMissingProviders() throws {
        let exposed = try parseConfig("server: { listen: 0.0.0.0:8080, admin_listen: \"[::1]:8081\" }\n")
        let warnings = ConfigLoader.warnings(for: exposed)
        #expect(warnings.contains { $0.hasPrefix("server.listen: 0.0.0.0:8080 is not a loopback address") })
        #expect(!warnings.contains { $0.hasPrefix("server.admin_listen") })
        #expect(warnings.contains { $0.hasPrefix("providers: none are defined") })

        let unused = try parseConfig(
            openAIProviderYAML + "\n  - { id: spare, kind: openai-compatible, base_url: \"http://h/v1\" }" + modelsYAML())
        #expect(ConfigLoader.warnings(for: unused) == ["providers: 'spare' is not a target of any route (still reachable as spare/MODEL)"])
    }
}
