import Providers
import SignalboxCore

/// Resolves the model a client asks for to the provider and provider model that serve it.
/// Built once from the configuration; lookups are dictionary reads plus one read of the
/// operator-controlled provider state (paused providers and keys, rotated secrets).
struct RouteTable: Sendable {
    struct Target: Sendable {
        var provider: ProviderConfig
        var adapter: any ProviderAdapter
        var model: String
        var key: ProviderKeyConfig?
    }

    private struct Candidate: Sendable {
        var provider: ProviderConfig
        var adapter: any ProviderAdapter
        var model: String
    }

    private var routes: [String: [Candidate]] = [:]
    private var providers: [String: (config: ProviderConfig, adapter: any ProviderAdapter)] = [:]
    /// `GET /v1/models` entries: route names, then `provider/model` for every target.
    private(set) var modelIDs: [(id: String, ownedBy: String)] = []

    /// Providers whose kind Signalbox cannot speak to yet are left out, with a reason each.
    private(set) var unsupportedProviders: [String] = []

    /// Pause state and current secrets, shared with the `ControlPlane`.
    let states: ProviderStateTable

    init(config: GatewayConfig) {
        var supported: [ProviderConfig] = []
        for provider in config.providers {
            guard let adapter = provider.kind.makeAdapter(for: provider) else {
                unsupportedProviders.append("\(provider.id) (kind \(provider.kind.rawValue))")
                continue
            }
            providers[provider.id] = (provider, adapter)
            supported.append(provider)
        }
        states = ProviderStateTable(providers: supported)
        var seen = Set<String>()
        for route in config.models {
            routes[route.name] = route.targets.compactMap { target -> Candidate? in
                guard let entry = providers[target.provider] else { return nil }
                return Candidate(provider: entry.config, adapter: entry.adapter, model: target.model)
            }
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
    /// A route answers with its first target that an operator has not paused (strategies and
    /// fallbacks arrive with the reliability work); when every target is paused the request is
    /// refused with 503 rather than sent to a provider the operator took out of service.
    func resolve(_ requested: String) throws(GatewayError) -> Target {
        if let candidates = routes[requested] {
            var paused: [String] = []
            for candidate in candidates {
                switch states.availability(of: candidate.provider.id) {
                case .available(let key):
                    return Target(provider: candidate.provider, adapter: candidate.adapter, model: candidate.model, key: key)
                case .paused, .allKeysPaused, .unknown:
                    paused.append(candidate.provider.id)
                }
            }
            guard !paused.isEmpty else { throw .modelNotFound(requested) }
            throw .providerUnavailable(
                "Every provider of model '\(requested)' is paused by an operator (\(paused.joined(separator: ", "))). Try again later.",
                retryAfter: 30)
        }
        guard let slash = requested.firstIndex(of: "/") else { throw .modelNotFound(requested) }
        let providerID = String(requested[..<slash])
        let model = String(requested[requested.index(after: slash)...])
        guard !model.isEmpty, let entry = providers[providerID] else { throw .modelNotFound(requested) }
        switch states.availability(of: providerID) {
        case .available(let key):
            return Target(provider: entry.config, adapter: entry.adapter, model: model, key: key)
        case .paused, .unknown:
            throw .providerUnavailable("Provider '\(providerID)' is paused by an operator. Try again later.", retryAfter: 30)
        case .allKeysPaused:
            throw .providerUnavailable("Every key of provider '\(providerID)' is paused by an operator. Try again later.", retryAfter: 30)
        }
    }

    /// The route's targets as `(provider, model)`, for replays that switch provider.
    func targets(of route: String) -> [(provider: String, model: String)] {
        (routes[route] ?? []).map { ($0.provider.id, $0.model) }
    }
}
