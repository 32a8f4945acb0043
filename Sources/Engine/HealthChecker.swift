import Providers
import Logging
public import SignalboxCore
import Upstream

/// Active health checks (`providers[].health_check`): one task per provider sends a GET every
/// interval, with the provider's key. A failed check (no answer in time, or not 2xx) opens the
/// provider's circuit breakers, so client traffic moves before it meets the failure; the breakers
/// close through the usual probe once the provider answers again.
public final class HealthChecker: Sendable {
    private let gateway: Gateway

    public init(gateway: Gateway) {
        self.gateway = gateway
    }

    /// Runs the checks until the task is cancelled. Returns at once when no provider has one.
    public func run(providers: [ProviderConfig]) async {
        let checked = providers.compactMap { provider in provider.healthCheck.map { (provider, $0) } }
        guard !checked.isEmpty else { return }
        await withTaskGroup(of: Void.self) { group in
            for (provider, check) in checked {
                group.addTask { await self.loop(provider, check) }
            }
        }
    }

    private func loop(_ provider: ProviderConfig, _ check: HealthCheckConfig) async {
        while !Task.isCancelled {
            if let failure = await probe(provider, check) { report(failure, provider: provider) }
            do {
                try await Task.sleep(for: .seconds(check.intervalSeconds))
            } catch {
                return
            }
        }
    }

    /// One check; nil when healthy, else what went wrong.
    func probe(_ provider: ProviderConfig, _ check: HealthCheckConfig) async -> String? {
        let key: ProviderKeyConfig? =
            if case .available(let key?) = gateway.routes.states.availability(of: provider.id, random: FastRandom.unit()) { key } else { nil }
        guard let adapter = gateway.routes.adapter(of: provider.id) else { return nil }
        var request = adapter.healthCheckRequest(path: check.path, key: key)
        request.timeouts = ProviderTimeouts(
            connectMs: min(provider.timeouts.connectMs, check.timeoutMs), firstByteMs: check.timeoutMs, idleMs: check.timeoutMs,
            totalMs: check.timeoutMs)
        do {
            let response = try await gateway.upstream.execute(request)
            for try await _ in response.body {}
            return (200..<300).contains(response.head.status) ? nil : "health check answered \(response.head.status)"
        } catch let error as UpstreamError {
            return "health check failed: \(error.message)"
        } catch {
            return "health check failed: \(error)"
        }
    }

    private func report(_ failure: String, provider: ProviderConfig) {
        _ = gateway.openBreakers(of: provider.id, reason: failure)
        gateway.logger.warning("provider failed its health check", metadata: ["provider": "\(provider.id)", "reason": "\(failure)"])
    }
}
