/// Where the time of one request went, in nanoseconds. The console's overhead breakdown and
/// `x-signalbox-overhead-us` are computed from these.
public struct StageTimings: Sendable, Hashable {
    /// Decoding and validating the request body.
    public var parse: UInt64 = 0
    /// Authenticating the caller.
    public var auth: UInt64 = 0
    /// Resolving the model to a provider target and building the provider request.
    public var route: UInt64 = 0
    /// From handing the request to the upstream thread until the transfer started there.
    public var upstreamQueue: UInt64 = 0
    /// TCP/TLS connect to the provider (0 on a reused connection).
    public var upstreamConnect: UInt64 = 0
    /// From transfer start until the provider's first response byte.
    public var upstreamFirstByte: UInt64 = 0
    /// From the first response byte until the last.
    public var upstreamTransfer: UInt64 = 0
    /// Failed attempts before the one that answered, and the backoffs between them (0 when the
    /// first attempt answered).
    public var previousAttempts: UInt64 = 0
    /// Encoding and writing the response to the client (including the hop back to its event loop).
    public var encode: UInt64 = 0
    /// Wall time from the request being received to the response being handed to the network.
    public var total: UInt64 = 0
    /// Streams: the longest any chunk spent in Signalbox, from arriving from the provider to being
    /// written to the client (0 for answers that were not streamed).
    public var longestChunkRelay: UInt64 = 0

    public init() {}

    /// Time spent waiting on the provider.
    public var upstreamWait: UInt64 { previousAttempts + upstreamConnect + upstreamFirstByte + upstreamTransfer }

    /// Time spent in Signalbox: wall time minus waiting on the provider.
    public var overhead: UInt64 { total > upstreamWait ? total - upstreamWait : 0 }
}
