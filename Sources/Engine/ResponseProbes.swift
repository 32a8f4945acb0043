import SignalboxCore

/// Reads only `usage` from a provider response; everything else is skipped by the decoder.
struct UsageProbe: Decodable {
    var usage: Usage?
}

/// Reads what the relay needs from one streamed chunk: whether it carries choices and usage.
struct ChunkProbe: Decodable {
    struct Opaque: Decodable {}
    var choices: [Opaque]?
    var usage: Usage?
}
