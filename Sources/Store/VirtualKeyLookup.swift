public import SignalboxCore

/// The answer to "which key has this hash?", for the gateway's auth cache.
public enum VirtualKeyLookup: Sendable, Hashable {
    /// Usable now. `viaPreviousSecret` is true when the caller presented a rotated-out secret within its grace.
    case valid(VirtualKey, viaPreviousSecret: Bool)
    /// Known, but not usable (revoked, disabled or expired): answer 401 naming the reason.
    case refused(VirtualKey, VirtualKey.Refusal)
    /// No key has this hash (or a rotated-out secret's grace has ended).
    case unknown

    public var key: VirtualKey? {
        if case .valid(let key, _) = self { return key }
        return nil
    }
}
