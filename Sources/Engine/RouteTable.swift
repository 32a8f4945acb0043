import Providers
import SignalboxCore

/// Resolves the model a client asks for to the provider and provider model that serve it.
/// Built once from the configuration; lookups are dictionary reads.
struct RouteTable: Sendable {
    struct Target: Sendable {
        var provider: ProviderConfig
        var adapter: any ProviderAdapter
        var model: String
        var key: ProviderKeyConfig?
    }

    private var routes: [String: [Target]] = [:]
    private var providers: [String: (config: ProviderConfig, adapter: any ProviderAdapter)] = [:]
    /// `GET /v1/models` entries: route names, then `provider/model` for every target.
    private(set) var modelIDs: [(id: String, ownedBy: String)] = []

    /// Providers whose kind Signalbox cannot speak to yet are left out, with a reason each.
    private(set) var unsupportedProviders: [String] = []

    init(config: GatewayConfig) {
        for provider in config.providers {
            guard let adapter = provider.kind.makeAdapter(for: provider) else {
                unsupportedProviders.append("\(provider.id) (kind \(provider.kind.rawValue))")
                continue
            }
            providers[provider.id] = (provider, adapter)
        }
        var seen = Set<String>()
        for route in config.models {
            let targets = route.targets.compactMap { target -> Target? in
                guard let entry = providers[target.provider] else { return nil }
                return Target(provider: entry.config, adapter: entry.adapter, model: target.model, key: entry.config.keys.first)
            }
            routes[route.name] = targets
            modelIDs.append((route.name, "signalbox"))
        }
        for route in config.models {
            for target in route.targets where providers[target.provider] != nil {
                let id = target.provider + "/" + target.model
                if seen.insert(id).inserted { modelIDs.append((id, target.provider)) }
            }
        }
    }

    /// Route names win over `provider/model` addressing, so a route may itself contain a slash.
    /// For now a route answers with its first target; strategies and fallbacks arrive with the
    /// reliability work.
    func resolve(_ requested: String) -> Target? {
        if let targets = routes[requested] { return targets.first }
        guard let slash = requested.firstIndex(of: "/") else { return nil }
        let providerID = String(requested[..<slash])
        let model = String(requested[requested.index(after: slash)...])
        guard !model.isEmpty, let entry = providers[providerID] else { return nil }
        return Target(provider: entry.config, adapter: entry.adapter, model: model, key: entry.config.keys.first)
    }
}
