import Logging
import NIOCore
import Providers
public import SignalboxCore
import Synchronization
import Upstream

/// Keeps an OAuth access token on every vertex key that has a service account
/// (`keys[].service_account_file`): one task per key fetches a token at start through the same
/// upstream client as the traffic, stores it as the key's current secret, and fetches the next at
/// about 80 % of its lifetime. A failure is logged (without secrets) and retried with backoff,
/// 1 s doubling to 60 s; until the first token arrives the Vertex adapter refuses the key's
/// requests with a short `Retry-After`.
/// https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
public final class AccessTokenRefresher: Sendable {
    private struct Waiters: Sendable {
        /// `provider/key` of every key that has received a token.
        var fetched: Set<String> = []
        var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    }

    /// Share of a token's lifetime after which the next one is fetched.
    static let refreshFraction = 0.8
    static let maxBackoffSeconds = 60
    /// Token answers are small; anything bigger is not one.
    static let maxAnswerBytes = 65_536

    private let gateway: Gateway
    /// Seconds since 1970 (the JWT's `iat`).
    private let clock: @Sendable () -> Int
    private let waiters = Mutex(Waiters())

    public convenience init(gateway: Gateway) {
        self.init(gateway: gateway, clock: { Int(MonotonicClock.wallMilliseconds() / 1_000) })
    }

    init(gateway: Gateway, clock: @escaping @Sendable () -> Int) {
        self.gateway = gateway
        self.clock = clock
    }

    /// Keeps the tokens fresh until the task is cancelled. Returns at once when no key has a
    /// service account.
    public func run(providers: [ProviderConfig]) async {
        let accounts = providers.filter { $0.kind == .vertex }.flatMap { provider in
            provider.keys.compactMap { key in key.serviceAccount.map { (provider, key.id, $0) } }
        }
        guard !accounts.isEmpty else { return }
        await withTaskGroup(of: Void.self) { group in
            for (provider, key, account) in accounts {
                group.addTask { await self.loop(provider, key: key, account: account) }
            }
        }
    }

    /// Returns once `provider`'s key `key` has received its first access token (at once if it has);
    /// waits for good if none ever arrives, so callers bound it (tests use a time limit).
    public func waitForFirstToken(provider: String, key: String) async {
        let name = provider + "/" + key
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = waiters.withLock { waiters in
                if waiters.fetched.contains(name) { return true }
                waiters.waiting[name, default: []].append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private func loop(_ provider: ProviderConfig, key: String, account: ServiceAccountKey) async {
        var backoff = 1
        while !Task.isCancelled {
            let delay: Int
            do {
                let expiresIn = try await refresh(provider, key: key, account: account)
                backoff = 1
                delay = max(1, Int(Double(expiresIn) * Self.refreshFraction))
            } catch {
                if Task.isCancelled { return }
                gateway.logger.warning(
                    "could not fetch an access token for a service account; retrying",
                    metadata: [
                        "provider": "\(provider.id)", "key": "\(key)", "account": "\(account.clientEmail)", "retry_in_s": "\(backoff)",
                        "reason": "\(Self.describe(error))",
                    ])
                delay = backoff
                backoff = min(backoff * 2, Self.maxBackoffSeconds)
            }
            do {
                try await Task.sleep(for: .seconds(delay))
            } catch {
                return
            }
        }
    }

    /// Fetches one token and stores it as the key's secret; returns its lifetime in seconds.
    func refresh(_ provider: ProviderConfig, key: String, account: ServiceAccountKey) async throws -> Int {
        let timeouts = ProviderTimeouts(
            connectMs: provider.timeouts.connectMs, firstByteMs: min(provider.timeouts.firstByteMs, 10_000), idleMs: 10_000, totalMs: 30_000)
        let request = try GoogleServiceAccountToken.tokenRequest(key: account, now: clock(), timeouts: timeouts)
        let response = try await gateway.upstream.execute(request)
        let body = try await response.body.collect(upTo: Self.maxAnswerBytes)
        let (token, expiresIn) = try GoogleServiceAccountToken.parse(
            status: response.head.status, body: Array(body.readableBytesView), provider: provider.id)
        gateway.routes.states.setSecret(provider: provider.id, key: key, to: Secret(token))
        gateway.logger.debug(
            "service account access token stored", metadata: ["provider": "\(provider.id)", "key": "\(key)", "expires_in_s": "\(expiresIn)"])
        let name = provider.id + "/" + key
        let resumed = waiters.withLock { waiters in
            waiters.fetched.insert(name)
            return waiters.waiting.removeValue(forKey: name) ?? []
        }
        for continuation in resumed { continuation.resume() }
        return expiresIn
    }

    /// What went wrong, in words that hold no secret (the request and answer bodies are never quoted).
    private static func describe(_ error: any Error) -> String {
        switch error {
        case let error as GatewayError: error.message
        case let error as UpstreamError: error.message
        default: "\(error)"
        }
    }
}
