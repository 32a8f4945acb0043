import Foundation
import SignalboxCore
import Testing

/// `keys[].service_account_file` (vertex): the key file is read and checked at load, its
/// `project_id` fills a missing `project`, and every problem is reported with the config's
/// position and a hint, never with the private key.
@Suite("Service account key files in config")
struct ServiceAccountConfigTests {
    /// Stands in for a PKCS#8 key: the loader only checks the PEM armour (the Providers tests sign with real keys).
    static let privateKeyBody = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQDSecretKeyMaterial0123"
    static let privateKeyPEM = "-----BEGIN PRIVATE KEY-----\n\(privateKeyBody)\n-----END PRIVATE KEY-----\n"

    static func keyFile(dropping dropped: Set<String> = [], replacing replaced: [String: String] = [:]) -> String {
        var fields: [String: String] = [
            "type": "service_account", "project_id": "key-project", "private_key_id": "0123456789abcdef", "private_key": privateKeyPEM,
            "client_email": "gateway@key-project.iam.gserviceaccount.com", "client_id": "1234567890",
            "auth_uri": "https://accounts.google.com/o/oauth2/auth", "token_uri": "https://oauth2.googleapis.com/token",
        ]
        for name in dropped { fields[name] = nil }
        fields.merge(replaced) { $1 }
        let data = try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }

    /// A directory of key files, good and bad, made once for the whole suite.
    static let directory: String = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-sa-\(UUID().uuidString)").path
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let files: [String: String] = [
            "good.json": keyFile(),
            "no-project.json": keyFile(dropping: ["project_id"]),
            "not-json.json": "-----BEGIN PRIVATE KEY-----\n\(privateKeyBody)\n",
            "array.json": "[1, 2]",
            "user.json": #"{"type":"authorized_user","client_id":"x","client_secret":"y","refresh_token":"z"}"#,
            "no-type.json": keyFile(dropping: ["type"]),
            "incomplete.json": keyFile(dropping: ["private_key", "token_uri"]),
            "bad-pem.json": keyFile(replacing: ["private_key": privateKeyBody]),
            "bad-token-uri.json": keyFile(replacing: ["token_uri": "oauth2.googleapis.com/token"]),
        ]
        for (name, text) in files {
            _ = FileManager.default.createFile(atPath: directory + "/" + name, contents: Data(text.utf8))
        }
        try! FileManager.default.createDirectory(atPath: directory + "/folder.json", withIntermediateDirectories: true)
        return directory
    }()

    static func path(_ name: String) -> String { directory + "/" + name }

    /// A vertex provider whose only key is `key` (a flow mapping), `project` on line 4 when given.
    static func vertexYAML(key: String, project: String? = nil, kind: String = "vertex") -> String {
        var yaml = "providers:\n  - id: vx\n    kind: \(kind)\n"
        if let project { yaml += "    project: \(project)\n" }
        if kind == "vertex" { yaml += "    region: us-central1\n" }
        yaml += "    keys:\n      - \(key)\n"
        return yaml
    }

    @Test("a key file gives the key its service account, an empty secret, and the provider its project")
    func validKeyFile() throws {
        let config = try parseConfig(Self.vertexYAML(key: "{ id: sa, service_account_file: \"\(Self.path("good.json"))\" }"))
        let provider = try #require(config.providers.first)
        #expect(provider.project == "key-project")
        let key = try #require(provider.keys.first)
        #expect(key.secret.isEmpty)
        let account = try #require(key.serviceAccount)
        #expect(account.clientEmail == "gateway@key-project.iam.gserviceaccount.com")
        #expect(account.privateKeyID == "0123456789abcdef")
        #expect(account.tokenURI == "https://oauth2.googleapis.com/token")
        #expect(account.privateKeyPEM.reveal() == Self.privateKeyPEM)
        #expect(!"\(account)".contains(Self.privateKeyBody))
        #expect(!"\(config)".contains(Self.privateKeyBody))
    }

    @Test("an explicit project wins over the key file's; the path may come from the environment")
    func explicitProject() throws {
        let config = try parseConfig(
            Self.vertexYAML(key: "{ id: sa, service_account_file: \"${SA_FILE}\" }", project: "configured"),
            environment: ["SA_FILE": Self.path("good.json")])
        #expect(config.providers.first?.project == "configured")
        #expect(config.providers.first?.keys.first?.serviceAccount?.projectID == "key-project")
    }

    struct BadKeyFile: Sendable, CustomTestStringConvertible {
        let name: String
        let yaml: String
        let keyPath: String
        let line: Int
        let message: String
        var hint: String?
        var count = 1
        var testDescription: String { name }
    }

    static let cases: [BadKeyFile] = [
        BadKeyFile(
            name: "missing file", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("nope.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "no such file", hint: "gcloud iam service-accounts keys create"),
        BadKeyFile(
            name: "relative missing file names the current directory", yaml: vertexYAML(key: "{ id: sa, service_account_file: nope.json }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "'nope.json': no such file",
            hint: "relative paths are resolved from the current directory"),
        BadKeyFile(
            name: "a directory", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("folder.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "it is a directory"),
        BadKeyFile(
            name: "not JSON", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("not-json.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "not a JSON object", hint: "Add key → JSON"),
        BadKeyFile(
            name: "JSON but not an object", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("array.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "not a JSON object"),
        BadKeyFile(
            name: "a user credential", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("user.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "its type is 'authorized_user', not 'service_account'",
            hint: "user credential"),
        BadKeyFile(
            name: "no type", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("no-type.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "no \"type\" field"),
        BadKeyFile(
            name: "missing fields are all named", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("incomplete.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "missing 'private_key' and 'token_uri'"),
        BadKeyFile(
            name: "private_key without PEM armour", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("bad-pem.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "private_key is not a PEM private key",
            hint: "never shown"),
        BadKeyFile(
            name: "token_uri not a URL", yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("bad-token-uri.json")) }"),
            keyPath: "providers[0].keys[0].service_account_file", line: 6, message: "token_uri 'oauth2.googleapis.com/token' is not an http(s) URL"),
        BadKeyFile(
            name: "secret and service_account_file together",
            yaml: vertexYAML(key: "{ id: sa, secret: ya29-token, service_account_file: \(path("good.json")) }", project: "p"),
            keyPath: "providers[0].keys[0].secret", line: 7, message: "give either 'secret' or 'service_account_file', not both"),
        BadKeyFile(
            name: "service_account_file is vertex only",
            yaml: vertexYAML(key: "{ id: sa, secret: k, service_account_file: \(path("good.json")) }", kind: "gemini"),
            keyPath: "providers[0].keys[0].service_account_file", line: 5, message: "unknown key 'service_account_file'"),
        BadKeyFile(
            name: "a key file without project_id does not fill project",
            yaml: vertexYAML(key: "{ id: sa, service_account_file: \(path("no-project.json")) }"), keyPath: "providers[0].project",
            line: 2, message: "missing required key 'project'", hint: "project_id"),
        BadKeyFile(
            name: "a vertex key needs a secret or a key file", yaml: vertexYAML(key: "{ id: sa }", project: "p"),
            keyPath: "providers[0].keys[0].secret", line: 7, message: "missing required key 'secret'", hint: "service_account_file"),
        BadKeyFile(
            name: "credentials_file suggests service_account_file",
            yaml: vertexYAML(key: "{ id: sa, credentials_file: \(path("good.json")) }", project: "p"),
            keyPath: "providers[0].keys[0].credentials_file", line: 7, message: "unknown key 'credentials_file'",
            hint: "did you mean 'service_account_file'?", count: 2),
    ]

    @Test(arguments: cases)
    func reportsTheProblem(_ bad: BadKeyFile) throws {
        let errors = configErrors(bad.yaml)
        let report = errors.map(\.description).joined(separator: "\n")
        let error = try #require(
            errors.first { $0.keyPath == bad.keyPath && $0.message.contains(bad.message) },
            "no error at '\(bad.keyPath)' containing \"\(bad.message)\"; got:\n\(report)")
        #expect(error.file == "test.yaml")
        #expect(error.line == bad.line)
        if let hint = bad.hint { #expect(error.hint?.contains(hint) == true, "hint was \(error.hint ?? "nil")") }
        #expect(errors.count == bad.count, "errors:\n\(report)")
        #expect(!report.contains(Self.privateKeyBody))
    }
}
