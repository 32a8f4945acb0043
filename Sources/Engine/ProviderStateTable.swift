import SignalboxCore
import Synchronization

/// The runtime state operators change without a restart: which providers and keys are paused,
/// and each key's current secret. Read once per request on the hot path (one uncontended lock
/// and a dictionary lookup); written only by the `ControlPlane`.
final class ProviderStateTable: Sendable {
    struct KeyState: Sendable {
        var config: ProviderKeyConfig
        var paused = false
        /// The secret replaced by the last rotation, kept until `graceUntilMs`.
        var previous: Secret?
        var graceUntilMs: UInt64?
        /// The provider rejected this key (401/403): left out until then (wall-clock ms).
        var suspendedUntilMs: UInt64?

        func isUsable(nowMs: UInt64) -> Bool { !paused && (suspendedUntilMs ?? 0) <= nowMs }
    }

    struct ProviderState: Sendable {
        var config: ProviderConfig
        var paused = false
        var keys: [KeyState]
    }

    /// Whether new traffic may go to a provider, and with which key.
    enum Availability: Sendable, Equatable {
        /// Usable; the key to send (nil for providers configured without keys, e.g. a local server).
        case available(ProviderKeyConfig?)
        case paused
        case allKeysPaused
        /// Every unpaused key was rejected by the provider recently.
        case allKeysRejected
        case unknown
    }

    /// Why a state change was not made.
    enum ChangeError: Error, Equatable {
        case unknownProvider(String)
        case unknownKey(provider: String, key: String)
        case unchanged(String)
        case invalidSecret(String)
    }

    private let states: Mutex<[String: ProviderState]>
    /// Provider ids in configuration order, for stable listings.
    let order: [String]

    init(providers: [ProviderConfig]) {
        var states: [String: ProviderState] = [:]
        for provider in providers {
            states[provider.id] = ProviderState(config: provider, keys: provider.keys.map { KeyState(config: $0) })
        }
        self.states = Mutex(states)
        self.order = providers.map(\.id)
    }

    /// Whether `provider` may take new traffic, and with which key: a provider's unpaused keys form
    /// a pool, drawn from in proportion to their weights (`random` in [0, 1)).
    func availability(of provider: String, random: Double = 0) -> Availability {
        states.withLock { states in
            guard let state = states[provider] else { return .unknown }
            if state.paused { return .paused }
            if state.keys.isEmpty { return .available(nil) }
            // The clock is read only when some key is suspended.
            let nowMs = state.keys.contains { $0.suspendedUntilMs != nil } ? MonotonicClock.wallMilliseconds() : 0
            let usable = state.keys.filter { $0.isUsable(nowMs: nowMs) }
            guard !usable.isEmpty else { return state.keys.contains { !$0.paused } ? .allKeysRejected : .allKeysPaused }
            let total = usable.reduce(0) { $0 + max(0, $1.config.weight) }
            guard total > 0 else { return .available(usable[0].config) }
            var point = min(max(random, 0), 0.999_999_999) * Double(total)
            for key in usable {
                if point < Double(max(0, key.config.weight)) { return .available(key.config) }
                point -= Double(max(0, key.config.weight))
            }
            return .available(usable[usable.count - 1].config)
        }
    }

    /// Another unpaused key of `provider`, not among `excluding` (heaviest first): after a 429 the
    /// same provider is tried with its next key before the request moves on.
    func alternateKey(of provider: String, excluding: Set<String>) -> ProviderKeyConfig? {
        states.withLock { states in
            guard let state = states[provider], !state.paused else { return nil }
            let nowMs = MonotonicClock.wallMilliseconds()
            return state.keys.filter { $0.isUsable(nowMs: nowMs) && !excluding.contains($0.config.id) }
                .max { $0.config.weight < $1.config.weight }?.config
        }
    }

    func setPaused(_ paused: Bool, provider: String) throws(ChangeError) {
        try states.withLock { states throws(ChangeError) in
            guard var state = states[provider] else { throw .unknownProvider(provider) }
            guard state.paused != paused else { throw .unchanged("\(provider) is already \(paused ? "paused" : "running")") }
            state.paused = paused
            states[provider] = state
        }
    }

    func setPaused(_ paused: Bool, provider: String, key: String) throws(ChangeError) {
        try states.withLock { states throws(ChangeError) in
            guard var state = states[provider] else { throw .unknownProvider(provider) }
            guard let index = state.keys.firstIndex(where: { $0.config.id == key }) else {
                throw .unknownKey(provider: provider, key: key)
            }
            guard state.keys[index].paused != paused else {
                throw .unchanged("key \(provider)/\(key) is already \(paused ? "paused" : "in use")")
            }
            state.keys[index].paused = paused
            states[provider] = state
        }
    }

    /// The provider rejected `key` (401/403): leave it out until `untilMs`. Returns false when the
    /// key is unknown.
    @discardableResult
    func suspend(provider: String, key: String, untilMs: UInt64) -> Bool {
        states.withLock { states in
            guard var state = states[provider], let index = state.keys.firstIndex(where: { $0.config.id == key }) else { return false }
            state.keys[index].suspendedUntilMs = untilMs
            states[provider] = state
            return true
        }
    }

    /// Replaces a key's secret; requests built before this keep the secret they were built with.
    func rotate(provider: String, key: String, to secret: Secret, graceUntilMs: UInt64) throws(ChangeError) {
        try states.withLock { states throws(ChangeError) in
            guard var state = states[provider] else { throw .unknownProvider(provider) }
            guard let index = state.keys.firstIndex(where: { $0.config.id == key }) else {
                throw .unknownKey(provider: provider, key: key)
            }
            guard !secret.isEmpty else { throw .invalidSecret("the new secret is empty") }
            guard secret != state.keys[index].config.secret else {
                throw .invalidSecret("the new secret is the one already in use")
            }
            state.keys[index].previous = state.keys[index].config.secret
            state.keys[index].graceUntilMs = graceUntilMs
            state.keys[index].config.secret = secret
            // A new secret deserves a new chance with the provider.
            state.keys[index].suspendedUntilMs = nil
            states[provider] = state
        }
    }

    /// Replaces a key's secret at once, with no grace period: the access tokens the
    /// `AccessTokenRefresher` mints (the token replaced stays valid with Google until it expires,
    /// so requests already built with it finish). The same secret again is not an error. Returns
    /// false when the key is unknown.
    @discardableResult
    func setSecret(provider: String, key: String, to secret: Secret) -> Bool {
        states.withLock { states in
            guard var state = states[provider], let index = state.keys.firstIndex(where: { $0.config.id == key }) else { return false }
            state.keys[index].config.secret = secret
            // A new token deserves a new chance with the provider, as after a rotation.
            state.keys[index].suspendedUntilMs = nil
            states[provider] = state
            return true
        }
    }

    /// Operator view of every provider, in configuration order. Grace periods that have ended
    /// are forgotten here (the previous secret is dropped).
    func snapshots(nowMs: UInt64) -> [ProviderSnapshot] {
        states.withLock { states in
            order.compactMap { id -> ProviderSnapshot? in
                guard var state = states[id] else { return nil }
                for index in state.keys.indices where (state.keys[index].graceUntilMs ?? .max) <= nowMs {
                    state.keys[index].previous = nil
                    state.keys[index].graceUntilMs = nil
                }
                for index in state.keys.indices where (state.keys[index].suspendedUntilMs ?? .max) <= nowMs {
                    state.keys[index].suspendedUntilMs = nil
                }
                states[id] = state
                return ProviderSnapshot(
                    id: id, kind: state.config.kind.rawValue, baseURL: state.config.baseURL, paused: state.paused,
                    keys: state.keys.map {
                        ProviderSnapshot.Key(
                            id: $0.config.id, masked: $0.config.secret.masked, weight: $0.config.weight, paused: $0.paused,
                            graceUntilMs: $0.graceUntilMs, suspendedUntilMs: $0.suspendedUntilMs)
                    })
            }
        }
    }

    func contains(_ provider: String) -> Bool {
        states.withLock { $0[provider] != nil }
    }
}
