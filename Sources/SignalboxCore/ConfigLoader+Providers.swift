import Foundation

/// The `providers:` section.
extension ConfigLoader {
    /// The providers that decoded cleanly, and every id that was read (for reference checks by routes).
    struct DecodedProviders {
        var configs: [ProviderConfig] = []
        /// Each provider id with the node it was written at, in file order.
        var ids: [(id: String, node: ConfigNode)] = []
        /// False when some provider's id could not be read: a route referring to it would be reported as
        /// dangling when the real problem is elsewhere, so reference checks are skipped.
        var complete = true

        func node(forID id: String) -> ConfigNode? { ids.first { $0.id == id }?.node }
    }

    static let providerKeys = [
        "id", "kind", "base_url", "keys", "timeouts", "max_connections", "http_version", "headers", "health_check", "region", "project",
        "api_version", "preset",
    ]

    static func decodeProviders(_ node: ConfigNode?, _ decoder: ConfigDecoder) -> DecodedProviders {
        var result = DecodedProviders()
        guard let node else { return result }
        guard let elements = decoder.sequence(node) else {
            result.complete = false
            return result
        }
        for element in elements {
            guard
                let mapping = decoder.mapping(
                    element, allowed: providerKeys,
                    synonyms: [
                        "name": "id", "type": "kind", "url": "base_url", "endpoint": "base_url", "api_base": "base_url",
                        "api_key": "keys", "key": "keys", "secret": "keys", "timeout": "timeouts", "http2": "http_version",
                        "location": "region", "project_id": "project", "version": "api_version", "anthropic_version": "api_version",
                    ])
            else {
                result.complete = false
                continue
            }
            var id: String?
            if let idNode = decoder.required("id", in: mapping, hint: "a short name such as openai-main, used in routes and as id/MODEL") {
                id = decoder.identifier(idNode)
                if let id {
                    if let first = result.node(forID: id) {
                        decoder.record(
                            .duplicate("duplicate provider id '\(id)'", at: decoder.location(idNode), hint: firstDefined(first)))
                    } else {
                        result.ids.append((id, idNode))
                    }
                }
            }
            if id == nil { result.complete = false }
            let kind = decoder.required("kind", in: mapping, hint: "one of \(ProviderKind.allCases.map(\.rawValue).joined(separator: " | "))")
                .flatMap { decoder.choice($0, ProviderKind.self) }
            var provider = ProviderConfig(id: "", kind: .openai, baseURL: "")
            let settings = decodeKindSettings(mapping, kind: kind, decoder)
            provider.region = settings.region
            provider.project = settings.project
            provider.apiVersion = settings.apiVersion
            let baseURL: String? =
                if let node = mapping["base_url"] {
                    decodeBaseURL(node, decoder)
                } else if let preset = settings.preset {
                    preset.baseURL
                } else if let kind, let url = kind.defaultBaseURL(region: settings.region) {
                    url
                } else {
                    decoder.required("base_url", in: mapping, hint: baseURLHint(kind))
                        .flatMap { decodeBaseURL($0, decoder) }
                }
            let keys = decodeProviderKeys(mapping, kind: kind, keyOptional: settings.preset.map { !$0.needsKey } ?? true, decoder)
            if kind == .vertex, settings.project == nil, mapping["project"] == nil {
                // A service-account key file names its project; without one `project` must be given.
                if let projectID = keys?.lazy.compactMap({ $0.serviceAccount?.projectID }).first {
                    provider.project = projectID
                } else if keys != nil {
                    decoder.required(
                        "project", in: mapping,
                        hint: "the Google Cloud project id, e.g. my-project-123 (it defaults to the project_id of a key's service_account_file)")
                }
            }
            if let value = mapping["timeouts"] { provider.timeouts = decodeTimeouts(value, decoder) }
            if let value = mapping["max_connections"], let count = decoder.int(value, in: 1...10_000) { provider.maxConnections = count }
            if let value = mapping["http_version"], let version = decoder.choice(value, HTTPVersionPreference.self) {
                provider.httpVersion = version
            }
            if let value = mapping["headers"] { provider.headers = decodeHeaders(value, decoder) }
            if let value = mapping["health_check"] { provider.healthCheck = decodeHealthCheck(value, decoder) }
            guard let id, let kind, let baseURL, let keys else { continue }
            provider.id = id
            provider.kind = kind
            provider.baseURL = baseURL
            provider.keys = keys
            result.configs.append(provider)
        }
        return result
    }

    static func firstDefined(_ node: ConfigNode) -> String? {
        node.line.map { "the first one is at line \($0)" }
    }

    /// An absolute http(s) URL, without one trailing slash.
    static func decodeBaseURL(_ node: ConfigNode, _ decoder: ConfigDecoder) -> String? {
        guard let scalar = decoder.scalar(node, expected: "a URL") else { return nil }
        var text = scalar.value.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty, url.query == nil, url.fragment == nil
        else {
            decoder.record(
                .invalidValue(
                    "expected an http:// or https:// URL without query or fragment, got \(scalar.display)", at: decoder.location(node),
                    hint: ConfigDecoder.join("e.g. https://api.openai.com/v1 or http://127.0.0.1:11434/v1", scalar.environmentHint)))
            return nil
        }
        if text.hasSuffix("/") { text.removeLast() }
        return text
    }

    static func baseURLHint(_ kind: ProviderKind?) -> String {
        switch kind {
        case .azure: "e.g. https://RESOURCE.openai.azure.com/openai (your Azure OpenAI resource)"
        case .openaiCompatible:
            "e.g. http://127.0.0.1:11434/v1, or name a preset: "
                + OpenAICompatiblePreset.allCases.map(\.rawValue).joined(separator: " | ")
        case .bedrock, .vertex: "set region (the URL follows from it) or give base_url"
        default: "e.g. https://api.openai.com/v1"
        }
    }

    /// `region`, `project`, `api_version` and `preset`: each only where its kind uses it. (A vertex
    /// provider's missing `project` is reported after its keys are read: it may come from a key file.)
    static func decodeKindSettings(
        _ mapping: ConfigMapping, kind: ProviderKind?, _ decoder: ConfigDecoder
    ) -> (region: String?, project: String?, apiVersion: String?, preset: OpenAICompatiblePreset?) {
        func onlyFor(_ key: String, _ kinds: [ProviderKind]) -> ConfigNode? {
            guard let node = mapping[key] else { return nil }
            if let kind, !kinds.contains(kind) {
                decoder.record(
                    .invalidValue(
                        "'\(key)' has no meaning for \(kind.rawValue) providers", at: decoder.location(node),
                        hint: "it is used by \(kinds.map(\.rawValue).joined(separator: " and ")) providers; remove it"))
                return nil
            }
            return node
        }
        let region = onlyFor("region", [.bedrock, .vertex]).flatMap { decoder.identifier($0) }
        let project = onlyFor("project", [.vertex]).flatMap { decoder.string($0) }
        let apiVersion = onlyFor("api_version", [.azure, .anthropic]).flatMap { decoder.string($0) } ?? kind?.defaultAPIVersion
        let preset = onlyFor("preset", [.openaiCompatible]).flatMap { decoder.choice($0, OpenAICompatiblePreset.self) }
        if let kind, kind.needsRegion, region == nil, mapping["region"] == nil {
            decoder.required(
                "region", in: mapping,
                hint: kind == .bedrock ? "the AWS region, e.g. us-east-1" : "the Vertex AI location, e.g. us-central1 or global")
        }
        return (region, project, apiVersion, preset)
    }

    static func decodeProviderKeys(
        _ provider: ConfigMapping, kind: ProviderKind?, keyOptional: Bool, _ decoder: ConfigDecoder
    ) -> [ProviderKeyConfig]? {
        // Local servers (Ollama, vLLM, llama.cpp) behind openai-compatible usually need no key;
        // a preset of a hosted service (groq, mistral, …) does.
        let secretOptional = kind == .openaiCompatible && keyOptional
        let example = "e.g. keys: [ { id: primary, secret: \"${OPENAI_API_KEY}\" } ]"
        guard let node = provider["keys"] else {
            if let kind, !secretOptional {
                decoder.required("keys", in: provider, hint: "a \(kind.rawValue) provider needs at least one key; \(example)")
                return nil
            }
            return []
        }
        guard let elements = decoder.sequence(node) else { return nil }
        if elements.isEmpty, let kind, !secretOptional {
            decoder.record(
                .invalidValue("a \(kind.rawValue) provider needs at least one key", at: decoder.location(node), hint: example))
            return nil
        }
        var keys: [ProviderKeyConfig] = []
        var seen: [(id: String, node: ConfigNode)] = []
        var valid = true
        let allowed: [String] =
            switch kind {
            case .bedrock: ["id", "secret", "weight", "access_key_id", "session_token"]
            case .vertex: ["id", "secret", "weight", "service_account_file"]
            default: ["id", "secret", "weight"]
            }
        for element in elements {
            guard
                let mapping = decoder.mapping(
                    element, allowed: allowed,
                    synonyms: [
                        "name": "id", "key": "secret", "api_key": "secret", "value": "secret", "token": "secret",
                        "secret_access_key": "secret", "aws_access_key_id": "access_key_id", "aws_session_token": "session_token",
                        "key_file": "service_account_file", "credentials_file": "service_account_file",
                        "service_account": "service_account_file", "google_application_credentials": "service_account_file",
                    ])
            else {
                valid = false
                continue
            }
            var id: String?
            if let idNode = decoder.required("id", in: mapping, hint: "a short name such as primary, used when rotating keys") {
                id = decoder.identifier(idNode)
                if let id {
                    if let first = seen.first(where: { $0.id == id }) {
                        decoder.record(
                            .duplicate("duplicate key id '\(id)' in this provider", at: decoder.location(idNode), hint: firstDefined(first.node)))
                    } else {
                        seen.append((id, idNode))
                    }
                }
            }
            var secret: Secret?
            var serviceAccount: ServiceAccountKey?
            if let fileNode = mapping["service_account_file"] {
                // Read even when `secret` is also given, so every problem is reported in one pass.
                serviceAccount = decodeServiceAccountFile(fileNode, decoder)
                if let secretNode = mapping["secret"] {
                    decoder.record(
                        .invalidValue(
                            "give either 'secret' or 'service_account_file', not both", at: decoder.location(secretNode),
                            hint: "with service_account_file Signalbox mints and refreshes the access tokens itself; remove secret"))
                } else if serviceAccount != nil {
                    // Filled with the first access token by the gateway's token refresher.
                    secret = Secret("")
                }
            } else if let secretNode = mapping["secret"] {
                if let (value, scalar) = decoder.secret(secretNode) {
                    if value.isEmpty, let kind, !secretOptional {
                        let cause =
                            scalar.variables.isEmpty
                            ? nil : "it comes from \(scalar.variables.map { "$\($0)" }.joined(separator: ", ")), which is empty"
                        decoder.record(
                            .invalidValue(
                                "the secret is empty", at: decoder.location(secretNode),
                                hint: ConfigDecoder.join(
                                    cause, "only openai-compatible providers may have keys without a secret (\(kind.rawValue) needs one)")))
                    } else {
                        secret = value
                    }
                }
            } else if secretOptional {
                secret = Secret("")
            } else if kind == .vertex {
                decoder.required(
                    "secret", in: mapping,
                    hint: "give service_account_file: /path/to/key.json (tokens are minted and refreshed), or an access token as secret")
            } else {
                decoder.required("secret", in: mapping, hint: "e.g. secret: \"${OPENAI_API_KEY}\" (read from the environment)")
            }
            let weight = decoder.weight(in: mapping, hint: "0 takes the key out of rotation")
            if weight == nil { valid = false }
            let accessKeyID = mapping["access_key_id"].flatMap { decoder.string($0) }
            let sessionToken = mapping["session_token"].flatMap { decoder.secret($0)?.secret }
            guard let id, let secret else {
                valid = false
                continue
            }
            keys.append(
                ProviderKeyConfig(
                    id: id, secret: secret, weight: weight ?? 1, accessKeyID: accessKeyID, sessionToken: sessionToken, serviceAccount: serviceAccount)
            )
        }
        guard valid else { return nil }
        if !keys.isEmpty, keys.allSatisfy({ $0.weight == 0 }) {
            decoder.record(
                .invalidValue(
                    "every key has weight 0, so no key can be used", at: decoder.location(node),
                    hint: "give at least one key a weight above 0"))
            return nil
        }
        return keys
    }

    /// `keys[].service_account_file` (vertex): a Google service-account JSON key file, read and checked
    /// now so that a bad file stops the start rather than the first request. Errors name the file and
    /// the problem, never the key's contents.
    /// https://cloud.google.com/iam/docs/keys-create-delete
    static func decodeServiceAccountFile(_ node: ConfigNode, _ decoder: ConfigDecoder) -> ServiceAccountKey? {
        guard let path = decoder.string(node) else { return nil }
        func failure(_ problem: String, hint: String?) -> ServiceAccountKey? {
            decoder.record(.invalidValue("service account key file \(ConfigNode.quote(path)): \(problem)", at: decoder.location(node), hint: hint))
            return nil
        }
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        guard files.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return failure(
                "no such file",
                hint: path.hasPrefix("/")
                    ? "create a key with: gcloud iam service-accounts keys create KEY.json --iam-account=NAME@PROJECT.iam.gserviceaccount.com"
                    : "relative paths are resolved from the current directory, \(files.currentDirectoryPath)")
        }
        guard !isDirectory.boolValue else { return failure("it is a directory", hint: "name the JSON key file itself") }
        guard let data = files.contents(atPath: path) else {
            return failure(
                files.isReadableFile(atPath: path) ? "read failed" : "permission denied", hint: "the gateway's user must be able to read it")
        }
        let downloadHint = "expected the JSON key file of a service account (Cloud console → IAM → Service accounts → Keys → Add key → JSON)"
        // The decoder's error would quote the file: only say that it is not JSON.
        guard let json = try? JSONDecoder().decode(JSONValue.self, from: data), case .object(let fields) = json else {
            return failure("not a JSON object", hint: downloadHint)
        }
        guard case .string(let type) = fields["type"] else { return failure("it has no \"type\" field", hint: downloadHint) }
        guard type == "service_account" else {
            let hint =
                type == "authorized_user"
                ? "this is a user credential (gcloud auth application-default login); create a service-account key instead"
                : downloadHint
            return failure("its type is \(ConfigNode.quote(type)), not 'service_account'", hint: hint)
        }
        let required = ["client_email", "private_key_id", "private_key", "token_uri"]
        let missing = required.filter { name in
            if case .string(let value) = fields[name], !value.isEmpty { return false }
            return true
        }
        guard missing.isEmpty else {
            return failure("missing \(ConfigDecoder.list(missing))", hint: "download a new key; the file is incomplete")
        }
        guard let key = try? JSONDecoder().decode(ServiceAccountKey.self, from: data) else {
            return failure("project_id is not a string", hint: downloadHint)
        }
        let pem = key.privateKeyPEM.reveal()
        guard pem.contains("-----BEGIN PRIVATE KEY-----") || pem.contains("-----BEGIN RSA PRIVATE KEY-----") else {
            return failure(
                "private_key is not a PEM private key",
                hint: "expected '-----BEGIN PRIVATE KEY-----…' as Google writes it (the key itself is never shown)")
        }
        guard let url = URL(string: key.tokenURI), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            return failure(
                "token_uri \(ConfigNode.quote(key.tokenURI)) is not an http(s) URL", hint: "Google's is https://oauth2.googleapis.com/token")
        }
        return key
    }

    static func decodeHealthCheck(_ node: ConfigNode, _ decoder: ConfigDecoder) -> HealthCheckConfig? {
        var check = HealthCheckConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["path", "interval_s", "timeout_ms"], synonyms: ["interval": "interval_s", "timeout": "timeout_ms", "url": "path"])
        else { return nil }
        if let value = mapping["path"], let path = decoder.string(value) {
            if path.hasPrefix("/"), !path.contains(where: { $0 == " " || $0 == "\n" || $0 == "\r" }) {
                check.path = path
            } else {
                decoder.record(
                    .invalidValue(
                        "expected a path starting with '/', got '\(path)'", at: decoder.location(value),
                        hint: "it is appended to base_url, e.g. /models"))
            }
        }
        if let value = mapping["interval_s"], let seconds = decoder.int(value, in: 1...3_600) { check.intervalSeconds = seconds }
        if let value = mapping["timeout_ms"], let ms = decoder.int(value, in: 1...60_000) { check.timeoutMs = ms }
        return check
    }

    static func decodeTimeouts(_ node: ConfigNode, _ decoder: ConfigDecoder) -> ProviderTimeouts {
        var timeouts = ProviderTimeouts()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["connect_ms", "first_byte_ms", "idle_ms", "total_ms"],
                synonyms: ["connect": "connect_ms", "first_byte": "first_byte_ms", "idle": "idle_ms", "total": "total_ms", "read_ms": "idle_ms"])
        else { return timeouts }
        let range = 1...86_400_000
        let hint = "milliseconds, above 0"
        if let value = mapping["connect_ms"], let ms = decoder.int(value, in: range, hint: hint) { timeouts.connectMs = ms }
        if let value = mapping["first_byte_ms"], let ms = decoder.int(value, in: range, hint: hint) { timeouts.firstByteMs = ms }
        if let value = mapping["idle_ms"], let ms = decoder.int(value, in: range, hint: hint) { timeouts.idleMs = ms }
        if let value = mapping["total_ms"], let ms = decoder.int(value, in: range, hint: hint) { timeouts.totalMs = ms }
        return timeouts
    }

    /// `headers: { Name: value }`: names must be HTTP tokens, values single-line (both may not repeat, case-insensitively).
    static func decodeHeaders(_ node: ConfigNode, _ decoder: ConfigDecoder) -> [String: String] {
        guard let mapping = decoder.mapping(node, allowed: nil) else { return [:] }
        var headers: [String: String] = [:]
        var seen: [String: ConfigNode] = [:]
        let tokenCharacters = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".unicodeScalars)
        for entry in mapping.entries {
            guard !entry.key.isEmpty, entry.key.unicodeScalars.allSatisfy({ tokenCharacters.contains($0) }) else {
                decoder.record(
                    .invalidValue(
                        "\(ConfigNode.quote(entry.key)) is not a valid HTTP header name", at: decoder.location(entry.keyNode),
                        hint: "header names are letters, digits and !#$%&'*+-.^_`|~ (no spaces or ':')"))
                continue
            }
            if let first = seen[entry.key.lowercased()] {
                decoder.record(
                    .duplicate(
                        "header '\(entry.key)' is set twice (header names ignore case)", at: decoder.location(entry.keyNode),
                        hint: firstDefined(first)))
                continue
            }
            seen[entry.key.lowercased()] = entry.keyNode
            // Header values are often credentials: never echo them.
            guard let scalar = decoder.scalar(entry.value, expected: "a header value (a string)", allowNull: true) else { continue }
            guard !scalar.value.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\r\n" || $0 == "\0" }) else {
                decoder.record(
                    .invalidValue("a header value must be a single line", at: decoder.location(entry.value), hint: scalar.environmentHint))
                continue
            }
            headers[entry.key] = scalar.value
        }
        return headers
    }
}
