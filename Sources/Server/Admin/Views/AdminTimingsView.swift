import SignalboxCore

/// Where a recorded request's time went, in microseconds (the console inspector's Timings).
struct AdminTimingsView: Encodable, Sendable {
    var parseUs: UInt64
    var authUs: UInt64
    var routeUs: UInt64
    var upstreamQueueUs: UInt64
    var upstreamConnectUs: UInt64
    var upstreamFirstByteUs: UInt64
    var upstreamTransferUs: UInt64
    var encodeUs: UInt64
    var totalUs: UInt64
    var overheadUs: UInt64
    /// Streams only: the longest any chunk spent in Signalbox, provider to client.
    var longestChunkRelayUs: UInt64?

    enum CodingKeys: String, CodingKey {
        case parseUs = "parse_us"
        case authUs = "auth_us"
        case routeUs = "route_us"
        case upstreamQueueUs = "upstream_queue_us"
        case upstreamConnectUs = "upstream_connect_us"
        case upstreamFirstByteUs = "upstream_first_byte_us"
        case upstreamTransferUs = "upstream_transfer_us"
        case encodeUs = "encode_us"
        case totalUs = "total_us"
        case overheadUs = "overhead_us"
        case longestChunkRelayUs = "longest_chunk_relay_us"
    }

    init(_ timings: StageTimings, stream: Bool) {
        parseUs = timings.parse / 1_000
        authUs = timings.auth / 1_000
        routeUs = timings.route / 1_000
        upstreamQueueUs = timings.upstreamQueue / 1_000
        upstreamConnectUs = timings.upstreamConnect / 1_000
        upstreamFirstByteUs = timings.upstreamFirstByte / 1_000
        upstreamTransferUs = timings.upstreamTransfer / 1_000
        encodeUs = timings.encode / 1_000
        totalUs = timings.total / 1_000
        overheadUs = timings.overhead / 1_000
        longestChunkRelayUs = stream ? timings.longestChunkRelay / 1_000 : nil
    }
}
