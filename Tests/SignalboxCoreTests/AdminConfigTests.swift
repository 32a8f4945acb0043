import SignalboxCore
import Testing

/// The `admin:` section: tokens with roles, strictly validated, secrets never echoed.
@Suite("Admin token config")
struct AdminConfigTests {
    static let secret = "adm-SECRET-0123456789abcdef"

    @Test func tokensWithRolesDecode() throws {
        let config = try parseConfig(
            """
            admin:
              tokens:
                - { id: oncall, role: operator, secret: "${SIGNALBOX_ADMIN_TOKEN}" }
                - { id: dashboards, role: viewer, secret: view-0123456789abcdef }
                - id: platform
                  role: admin
                  secret: admin-0123456789abcdef
            """, environment: ["SIGNALBOX_ADMIN_TOKEN": Self.secret])
        #expect(config.admin.tokens.map(\.id) == ["oncall", "dashboards", "platform"])
        #expect(config.admin.tokens.map(\.role) == [.operator, .viewer, .admin])
        #expect(config.admin.tokens[0].secret.reveal() == Self.secret)
    }

    @Test func noAdminSectionMeansNoTokens() throws {
        #expect(try parseConfig("server: { listen: 127.0.0.1:8080 }\n").admin.tokens.isEmpty)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let line: Int
        let keyPath: String
        let message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown role", yaml: "admin:\n  tokens:\n    - { id: a, role: superuser, secret: s-0123456789abcdef }\n", line: 3,
            keyPath: "admin.tokens[0].role", message: "expected one of viewer | operator | admin, got 'superuser'"),
        Case(
            name: "duplicate id",
            yaml: "admin:\n  tokens:\n    - { id: a, role: viewer, secret: s-0123456789abcdef }\n    - { id: a, role: admin, secret: t-0123456789abcdef }\n",
            line: 4, keyPath: "admin.tokens[1].id", message: "duplicate admin token id 'a'"),
        Case(
            name: "empty secret", yaml: "admin:\n  tokens:\n    - { id: a, role: viewer, secret: \"${EMPTY}\" }\n", line: 3,
            keyPath: "admin.tokens[0].secret", message: "the secret is empty"),
        Case(
            name: "missing secret", yaml: "admin:\n  tokens:\n    - { id: a, role: viewer }\n", line: 3, keyPath: "admin.tokens[0].secret",
            message: "missing required key 'secret'"),
        Case(
            name: "unknown key", yaml: "admin:\n  tokens:\n    - { id: a, role: viewer, secret: s-0123456789abcdef, scope: all }\n", line: 3,
            keyPath: "admin.tokens[0].scope", message: "unknown key 'scope'"),
        Case(
            name: "shared secret",
            yaml: "admin:\n  tokens:\n    - { id: a, role: viewer, secret: \"\(secret)\" }\n    - { id: b, role: admin, secret: \"\(secret)\" }\n",
            line: 4, keyPath: "admin.tokens[1].secret", message: "this secret is also used by another admin token"),
        Case(name: "tokens not a list", yaml: "admin:\n  tokens: oncall\n", line: 2, keyPath: "admin.tokens", message: "expected a list, got 'oncall'"),
    ]

    @Test(arguments: cases)
    func invalidTokensAreReportedWithFileLineAndKeyPath(_ test: Case) throws {
        let errors = configErrors(test.yaml, environment: ["EMPTY": ""], file: "gw.yaml")
        let error = try #require(errors.first, "expected an error")
        #expect(errors.count == 1, "\(errors)")
        #expect(error.file == "gw.yaml")
        #expect(error.line == test.line)
        #expect(error.keyPath == test.keyPath)
        #expect(error.message == test.message, "\(error)")
        #expect(!error.description.contains(Self.secret))
    }

    @Test func rolesAreOrdered() {
        #expect(AdminRole.admin.includes(.operator))
        #expect(AdminRole.operator.includes(.viewer))
        #expect(!AdminRole.viewer.includes(.operator))
        #expect(!AdminRole.operator.includes(.admin))
    }

    @Test func warningsNameShortTokensAndAnOpenAdminListener() throws {
        let open = try parseConfig("server: { admin_listen: 0.0.0.0:8081 }\n")
        #expect(ConfigLoader.warnings(for: open).contains { $0.contains("admin.tokens is empty: serve refuses to start") })
        let short = try parseConfig("admin:\n  tokens:\n    - { id: a, role: viewer, secret: short }\n")
        #expect(ConfigLoader.warnings(for: short).contains { $0.contains("admin.tokens[0].secret") && !$0.contains("short ") })
    }
}
