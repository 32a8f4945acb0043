/// A change to the gateway's runtime state requested by an operator (console or admin API).
/// The `ControlPlane` is the only thing that executes these.
public enum OperatorCommand: Sendable, Hashable, CustomStringConvertible {
    /// Stop sending new traffic to a provider; routes skip it.
    case pauseProvider(String)
    case resumeProvider(String)
    /// Stop using one key of a provider's key pool.
    case pauseKey(provider: String, key: String)
    case resumeKey(provider: String, key: String)
    /// Replace a provider key's secret. The old secret stays usable for `graceSeconds`
    /// (nil: the configured default) so requests already built with it can finish.
    case rotateKey(provider: String, key: String, newSecret: Secret, graceSeconds: Int?)
    /// Send a recorded request again, to its original provider or to `provider`.
    case replay(RequestID, provider: String?)
    /// Close every circuit breaker of a provider and forget their failure windows.
    case resetBreakers(provider: String)
    /// Open the circuit breakers of every routed model of a provider for a cooldown (take it out
    /// of rotation now; it comes back through a probe).
    case openBreakers(provider: String)
    /// Removes response-cache entries (all, or those of a route, a virtual key, or older than an age).
    case purgeCache(CachePurge)

    /// Safe for logs, events and the console: secrets are masked.
    public var description: String {
        switch self {
        case .pauseProvider(let id): "pause provider \(id)"
        case .resumeProvider(let id): "resume provider \(id)"
        case .pauseKey(let provider, let key): "pause key \(provider)/\(key)"
        case .resumeKey(let provider, let key): "resume key \(provider)/\(key)"
        case .rotateKey(let provider, let key, let secret, let grace):
            "rotate key \(provider)/\(key) to \(secret.masked)" + (grace.map { " (grace \($0)s)" } ?? "")
        case .replay(let id, let provider): "replay \(id)" + (provider.map { " to \($0)" } ?? "")
        case .resetBreakers(let provider): "reset circuit breakers of \(provider)"
        case .openBreakers(let provider): "open circuit breakers of \(provider)"
        case .purgeCache(let purge): "purge cache entries" + purge.description
        }
    }

    /// The provider the command acts on (for a replay: the override, if any).
    public var provider: String? {
        switch self {
        case .pauseProvider(let id), .resumeProvider(let id): id
        case .pauseKey(let provider, _), .resumeKey(let provider, _), .rotateKey(let provider, _, _, _): provider
        case .replay(_, let provider): provider
        case .resetBreakers(let provider), .openBreakers(let provider): provider
        case .purgeCache: nil
        }
    }
}

/// Which response-cache entries a purge removes; every condition given must hold (none: all).
public struct CachePurge: Sendable, Hashable, CustomStringConvertible {
    public var route: String?
    public var keyID: String?
    public var olderThanSeconds: Int?

    public init(route: String? = nil, keyID: String? = nil, olderThanSeconds: Int? = nil) {
        self.route = route
        self.keyID = keyID
        self.olderThanSeconds = olderThanSeconds
    }

    /// ` of route R, of key K, older than Ns`, or empty for everything.
    public var description: String {
        var parts: [String] = []
        if let route { parts.append("of route \(route)") }
        if let keyID { parts.append("of key \(keyID)") }
        if let olderThanSeconds { parts.append("older than \(olderThanSeconds)s") }
        return parts.isEmpty ? "" : " " + parts.joined(separator: ", ")
    }
}

/// What came of an operator command.
public enum OperatorOutcome: Sendable, Hashable {
    case done(String)
    /// A replay ran; both sides are in the result.
    case replayed(ReplayResult)
    case refused(String)

    public var succeeded: Bool {
        switch self {
        case .done, .replayed: true
        case .refused: false
        }
    }

    /// One line for the console's status bar and the action log.
    public var summary: String {
        switch self {
        case .done(let message), .refused(let message): message
        case .replayed(let result):
            "replayed \(result.original.id) as \(result.replay.id) on \(result.replay.provider): \(result.replay.status)"
        }
    }
}

/// One executed (or refused) operator command, as kept in the action log and published on the bus.
public struct OperatorAction: Sendable, Hashable {
    public var timestampMs: UInt64
    /// Who asked: `console`, `admin:<token id>`, …
    public var actor: String
    /// `OperatorCommand.description` (secrets masked).
    public var command: String
    public var succeeded: Bool
    public var summary: String

    public init(timestampMs: UInt64, actor: String, command: String, succeeded: Bool, summary: String) {
        self.timestampMs = timestampMs
        self.actor = actor
        self.command = command
        self.succeeded = succeeded
        self.summary = summary
    }
}
