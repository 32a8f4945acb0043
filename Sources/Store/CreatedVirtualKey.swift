public import SignalboxCore

/// A key just created or rotated: the only moment the secret exists outside its holder.
public struct CreatedVirtualKey: Sendable {
    public let key: VirtualKey
    /// `sk-sb-…`; show it once, then forget it. The store keeps only its hash.
    public let secret: Secret
}
