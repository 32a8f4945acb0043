import Providers
import SignalboxCore

/// The immutable facts of one proxied request, fixed before the upstream transfer starts.
struct ExchangeContext: Sendable {
    var id: RequestID
    var endpoint: Endpoint
    var requestedModel: String
    var providerID: String
    var model: String
    var stream: Bool
    /// Signalbox asked the provider for a usage chunk the client did not request, so it must not
    /// be relayed.
    var injectedUsageChunk: Bool
    var adapter: any ProviderAdapter
    /// Monotonic timestamps (ns).
    var receivedAt: UInt64
    var parsedAt: UInt64
    var submittedAt: UInt64
}
