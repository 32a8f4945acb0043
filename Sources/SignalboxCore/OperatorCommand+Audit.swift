extension OperatorCommand {
    /// The audit log's name for this command (`provider.pause`, `provider.key.rotate`, …).
    public var auditAction: String {
        switch self {
        case .pauseProvider: "provider.pause"
        case .resumeProvider: "provider.resume"
        case .pauseKey: "provider.key.pause"
        case .resumeKey: "provider.key.resume"
        case .rotateKey: "provider.key.rotate"
        case .replay: "request.replay"
        case .resetBreakers: "provider.breakers.reset"
        case .openBreakers: "provider.breakers.open"
        case .purgeCache: "cache.purge"
        }
    }

    /// What the command acts on: a provider id, `provider/key`, or a request id.
    public var auditTarget: String {
        switch self {
        case .pauseProvider(let id), .resumeProvider(let id): id
        case .pauseKey(let provider, let key), .resumeKey(let provider, let key), .rotateKey(let provider, let key, _, _): provider + "/" + key
        case .replay(let id, _): id.rawValue
        case .resetBreakers(let provider), .openBreakers(let provider): provider
        case .purgeCache(let purge): purge.route ?? "*"
        }
    }

    /// The command's arguments for the audit log — never a secret, not even masked: a rotation
    /// names the key (its grace is added by the control plane, which resolves the default).
    public var auditDetails: [String: JSONValue] {
        switch self {
        case .pauseProvider, .resumeProvider, .resetBreakers, .openBreakers: [:]
        case .pauseKey(let provider, let key), .resumeKey(let provider, let key), .rotateKey(let provider, let key, _, _):
            ["provider": .string(provider), "key": .string(key)]
        case .replay(_, let provider): provider.map { ["provider": .string($0)] } ?? [:]
        case .purgeCache(let purge):
            [
                "route": purge.route.map(JSONValue.string), "key": purge.keyID.map(JSONValue.string),
                "older_than_s": purge.olderThanSeconds.map { .number(Double($0)) },
            ].compactMapValues { $0 }
        }
    }
}
