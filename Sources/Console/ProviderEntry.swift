public import SignalboxCore

/// A provider as the console knows it: the engine's snapshot (keys, pause state) when one has
/// arrived, and live stats from events either way.
public struct ProviderEntry: Sendable {
    public var id: String
    public var snapshot: ProviderSnapshot?
    public var stats = ProviderStats()

    public init(id: String, snapshot: ProviderSnapshot? = nil) {
        self.id = id
        self.snapshot = snapshot
    }

    public var paused: Bool { snapshot?.paused ?? false }
    public var keys: [ProviderSnapshot.Key] { snapshot?.keys ?? [] }
}
