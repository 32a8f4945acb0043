/// Things that are valid but probably not what the operator wants. `signalbox config check` prints them.
extension ConfigLoader {
    public static func warnings(for config: GatewayConfig) -> [String] {
        var warnings: [String] = []
        if !config.server.listen.isLoopback {
            warnings.append(
                "server.listen: \(config.server.listen) is not a loopback address: the proxy accepts connections from other hosts")
        }
        if !config.server.adminListen.isLoopback {
            warnings.append(
                config.admin.tokens.isEmpty
                    ? "server.admin_listen: \(config.server.adminListen) is not a loopback address and admin.tokens is empty: serve refuses to start"
                    : "server.admin_listen: \(config.server.adminListen) is not a loopback address: the admin API accepts connections from other hosts")
        }
        for (index, token) in config.admin.tokens.enumerated() where token.secret.reveal().utf8.count < 16 {
            warnings.append("admin.tokens[\(index)].secret: token '\(token.id)' is shorter than 16 characters; use e.g. openssl rand -hex 32")
        }
        if config.providers.isEmpty {
            warnings.append("providers: none are defined, so there is nothing to route requests to")
        } else if config.models.isEmpty {
            warnings.append("models: no routes are defined; clients can only address models as PROVIDER-ID/MODEL")
        }
        let used = Set(config.models.flatMap { $0.targets.map(\.provider) })
        for provider in config.providers where !config.models.isEmpty && !used.contains(provider.id) {
            warnings.append("providers: '\(provider.id)' is not a target of any route (still reachable as \(provider.id)/MODEL)")
        }
        if config.cache.embeddingRoute == nil {
            for route in config.models where route.cache?.semanticThreshold != nil {
                warnings.append(
                    "models: route '\(route.name)' has a semantic cache, but no route embeds questions: add cache: { embedding_route: <a route with an embedding model> } (until then only its exact cache works)")
            }
        }
        return warnings
    }
}
