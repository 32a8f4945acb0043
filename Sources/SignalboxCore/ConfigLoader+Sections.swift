/// The small sections: `server`, `store`, `retries`, `circuit_breaker`, `console`, `control`. Values that fail to
/// decode keep their defaults; the recorded error makes the whole load fail anyway.
extension ConfigLoader {
    static func decodeServer(_ node: ConfigNode, _ decoder: ConfigDecoder) -> ServerConfig {
        var server = ServerConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["listen", "admin_listen", "max_body_bytes", "drain_timeout_s", "auth"],
                synonyms: ["port": "listen", "address": "listen", "admin": "admin_listen", "authentication": "auth"])
        else { return server }
        var listenValid = true
        var adminValid = true
        if let value = mapping["listen"] {
            if let address = decoder.listenAddress(value) { server.listen = address } else { listenValid = false }
        }
        if let value = mapping["admin_listen"] {
            if let address = decoder.listenAddress(value) { server.adminListen = address } else { adminValid = false }
        }
        if let value = mapping["max_body_bytes"],
            let bytes = decoder.int(value, in: 1_024...Int.max, hint: "a size in bytes; the default is 10485760 (10 MiB)")
        {
            server.maxBodyBytes = bytes
        }
        if let value = mapping["drain_timeout_s"], let seconds = decoder.int(value, in: 0...3_600) {
            server.drainTimeoutSeconds = seconds
        }
        if let value = mapping["auth"], let mode = decoder.choice(value, AuthMode.self) { server.auth = mode }
        if listenValid, adminValid, conflicts(server.listen, server.adminListen),
            let culprit = mapping["admin_listen"] ?? mapping["listen"]
        {
            decoder.record(
                .invalidValue(
                    "admin_listen (\(server.adminListen)) and listen (\(server.listen)) use the same address", at: decoder.location(culprit),
                    hint: "the proxy and the admin API need different ports"))
        }
        return server
    }

    /// Two listeners that cannot both bind: same port on the same host, or one of them on all interfaces.
    private static func conflicts(_ lhs: ListenAddress, _ rhs: ListenAddress) -> Bool {
        guard lhs.port == rhs.port, lhs.port != 0 else { return false }
        let wildcard: Set<String> = ["0.0.0.0", "::", "*"]
        return lhs.host == rhs.host || wildcard.contains(lhs.host) || wildcard.contains(rhs.host)
    }

    static func decodeStore(_ node: ConfigNode, _ decoder: ConfigDecoder) -> StoreConfig? {
        if node.isNull { return nil }
        guard let mapping = decoder.mapping(node, allowed: ["sqlite", "postgres"], synonyms: ["postgresql": "postgres", "sqlite3": "sqlite"])
        else { return nil }
        switch (mapping["sqlite"], mapping["postgres"]) {
        case (let path?, nil):
            return decoder.string(path).map { StoreConfig.sqlite(path: $0) }
        case (nil, let url?):
            guard let (secret, scalar) = decoder.secret(url) else { return nil }
            let value = secret.reveal()
            // The URL usually holds a password: describe what is wrong without echoing it.
            guard value.hasPrefix("postgres://") || value.hasPrefix("postgresql://"), value.count > "postgres://".count else {
                decoder.record(
                    .invalidValue(
                        value.isEmpty ? "the postgres URL is empty" : "expected a postgres:// or postgresql:// URL", at: decoder.location(url),
                        hint: ConfigDecoder.join("e.g. postgres://signalbox:${PGPASSWORD}@db:5432/signalbox", scalar.environmentHint)))
                return nil
            }
            return .postgres(url: secret)
        case (.some, .some):
            decoder.record(
                .invalidValue(
                    "store takes exactly one of 'sqlite' or 'postgres', got both", at: decoder.location(node),
                    hint: "use sqlite for one instance, postgres to share state between several"))
            return nil
        case (nil, nil):
            decoder.record(
                .invalidValue(
                    "store takes exactly one of 'sqlite: PATH' or 'postgres: URL'", at: decoder.location(node),
                    hint: "e.g. store: { sqlite: ./signalbox.db }"))
            return nil
        }
    }

    static func decodeRetries(_ node: ConfigNode, _ decoder: ConfigDecoder) -> RetryConfig {
        var retries = RetryConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["max_attempts", "backoff_ms", "max_backoff_ms", "deadline_ms"],
                synonyms: ["attempts": "max_attempts", "retries": "max_attempts", "deadline": "deadline_ms", "timeout_ms": "deadline_ms"])
        else { return retries }
        if let value = mapping["deadline_ms"], let ms = decoder.int(value, in: 0...86_400_000, hint: "0 means no bound across attempts") {
            retries.deadlineMs = ms
        }
        if let value = mapping["max_attempts"], let attempts = decoder.int(value, in: 1...100, hint: "1 means no retries") {
            retries.maxAttempts = attempts
        }
        var backoffValid = true
        var maxBackoffValid = true
        if let value = mapping["backoff_ms"] {
            if let ms = decoder.int(value, in: 0...3_600_000) { retries.backoffMs = ms } else { backoffValid = false }
        }
        if let value = mapping["max_backoff_ms"] {
            if let ms = decoder.int(value, in: 0...3_600_000) { retries.maxBackoffMs = ms } else { maxBackoffValid = false }
        }
        if backoffValid, maxBackoffValid, retries.maxBackoffMs < retries.backoffMs,
            let culprit = mapping["max_backoff_ms"] ?? mapping["backoff_ms"]
        {
            let which = mapping.contains("max_backoff_ms") ? "" : ", the default"
            decoder.record(
                .invalidValue(
                    "max_backoff_ms (\(retries.maxBackoffMs)\(which)) is smaller than backoff_ms (\(retries.backoffMs))",
                    at: decoder.location(culprit), hint: "max_backoff_ms caps the exponential backoff, so it must be at least backoff_ms"))
        }
        return retries
    }

    static func decodeCircuitBreaker(_ node: ConfigNode, _ decoder: ConfigDecoder) -> CircuitBreakerConfig {
        var breaker = CircuitBreakerConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["failure_ratio", "min_requests", "window_s", "cooldown_s", "try_when_all_open"],
                synonyms: ["failure_rate": "failure_ratio", "threshold": "failure_ratio", "window": "window_s", "cooldown": "cooldown_s"])
        else { return breaker }
        if let value = mapping["failure_ratio"], let ratio = decoder.double(value, in: 0...1, hint: "a fraction: 0.5 opens at 50% failures") {
            breaker.failureRatio = ratio
        }
        if let value = mapping["min_requests"], let count = decoder.int(value, in: 1...1_000_000) { breaker.minRequests = count }
        if let value = mapping["window_s"], let seconds = decoder.int(value, in: 1...86_400) { breaker.windowSeconds = seconds }
        if let value = mapping["cooldown_s"], let seconds = decoder.int(value, in: 1...86_400) { breaker.cooldownSeconds = seconds }
        if let value = mapping["try_when_all_open"], let flag = decoder.bool(value) { breaker.tryWhenAllOpen = flag }
        return breaker
    }

    static func decodeConsole(_ node: ConfigNode, _ decoder: ConfigDecoder) -> ConsoleConfig {
        var console = ConsoleConfig()
        guard let mapping = decoder.mapping(node, allowed: ["theme"]) else { return console }
        if let value = mapping["theme"], let theme = decoder.identifier(value) { console.theme = theme }
        return console
    }

    static func decodeRequestLog(_ node: ConfigNode, _ decoder: ConfigDecoder) -> RequestLogConfig {
        var log = RequestLogConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["enabled", "bodies", "metadata_retention_days", "body_retention_days"],
                synonyms: [
                    "body_capture": "bodies", "capture": "bodies", "retention_days": "metadata_retention_days",
                    "bodies_retention_days": "body_retention_days",
                ])
        else { return log }
        if let value = mapping["enabled"], let flag = decoder.bool(value) { log.enabled = flag }
        if let value = mapping["bodies"], let capture = decoder.choice(value, RequestLogConfig.BodyCapture.self) { log.bodies = capture }
        if let value = mapping["metadata_retention_days"], let days = decoder.int(value, in: 1...36_500, hint: "days of request metadata kept") {
            log.metadataRetentionDays = days
        }
        if let value = mapping["body_retention_days"], let days = decoder.int(value, in: 1...36_500, hint: "days of captured bodies kept") {
            log.bodyRetentionDays = days
        }
        return log
    }

    static func decodeControl(_ node: ConfigNode, _ decoder: ConfigDecoder) -> ControlConfig {
        var control = ControlConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["key_rotation_grace_s", "recent_requests", "recent_body_bytes"],
                synonyms: ["rotation_grace_s": "key_rotation_grace_s", "grace_s": "key_rotation_grace_s", "recent": "recent_requests"])
        else { return control }
        if let value = mapping["key_rotation_grace_s"], let seconds = decoder.int(value, in: 0...86_400) {
            control.keyRotationGraceSeconds = seconds
        }
        if let value = mapping["recent_requests"],
            let count = decoder.int(value, in: 0...100_000, hint: "0 turns the inspector and replay off")
        {
            control.recentRequests = count
        }
        if let value = mapping["recent_body_bytes"],
            let bytes = decoder.int(value, in: 0...16_777_216, hint: "bodies longer than this are cut; a cut request cannot be replayed")
        {
            control.recentBodyBytes = bytes
        }
        return control
    }
}
