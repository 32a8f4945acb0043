/// The `admin:` section: bearer tokens for the admin API, each with a role.
extension ConfigLoader {
    static func decodeAdmin(_ node: ConfigNode, _ decoder: ConfigDecoder) -> AdminConfig {
        var admin = AdminConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["tokens"], synonyms: ["token": "tokens", "api_tokens": "tokens", "bearer_tokens": "tokens"])
        else { return admin }
        guard let tokensNode = mapping["tokens"], let elements = decoder.sequence(tokensNode) else { return admin }
        let roles = AdminRole.allCases.map(\.rawValue).joined(separator: " | ")
        var seenIDs: [(id: String, node: ConfigNode)] = []
        var seenSecrets: [(secret: Secret, node: ConfigNode)] = []
        for element in elements {
            guard
                let token = decoder.mapping(
                    element, allowed: ["id", "role", "secret"],
                    synonyms: ["name": "id", "token": "secret", "value": "secret", "key": "secret", "bearer": "secret", "roles": "role"])
            else { continue }
            var id: String?
            if let idNode = decoder.required("id", in: token, hint: "a short name such as oncall; the audit log names actions by it") {
                id = decoder.identifier(idNode)
                if let found = id {
                    if let first = seenIDs.first(where: { $0.id == found }) {
                        decoder.record(.duplicate("duplicate admin token id '\(found)'", at: decoder.location(idNode), hint: firstDefined(first.node)))
                        id = nil
                    } else {
                        seenIDs.append((found, idNode))
                    }
                }
            }
            let role = decoder.required("role", in: token, hint: "one of \(roles): viewer reads, operator also acts on providers, admin also manages virtual keys")
                .flatMap { decoder.choice($0, AdminRole.self) }
            var secret: Secret?
            if let secretNode = decoder.required("secret", in: token, hint: "e.g. secret: \"${SIGNALBOX_ADMIN_TOKEN}\" (read from the environment)"),
                let (value, scalar) = decoder.secret(secretNode)
            {
                if value.isEmpty {
                    let cause =
                        scalar.variables.isEmpty ? nil : "it comes from \(scalar.variables.map { "$\($0)" }.joined(separator: ", ")), which is empty"
                    decoder.record(
                        .invalidValue(
                            "the secret is empty", at: decoder.location(secretNode),
                            hint: ConfigDecoder.join(cause, "generate one with: openssl rand -hex 32")))
                } else {
                    if let first = seenSecrets.first(where: { $0.secret == value }) {
                        decoder.record(
                            .duplicate(
                                "this secret is also used by another admin token", at: decoder.location(secretNode),
                                hint: ConfigDecoder.join(firstDefined(first.node), "each token needs its own secret, or the audit log cannot tell holders apart")))
                    } else {
                        seenSecrets.append((value, secretNode))
                        secret = value
                    }
                }
            }
            guard let id, let role, let secret else { continue }
            admin.tokens.append(AdminTokenConfig(id: id, role: role, secret: secret))
        }
        return admin
    }
}
