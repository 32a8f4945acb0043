public import NIOCore

/// The body of an `UpstreamResponse` as it arrives. Buffering is bounded by watermarks (counted
/// in parts): above the high watermark the transfer is paused, below the low one it resumes.
/// Ends with an `UpstreamError` if the transfer fails midway; cancelling the consuming task or
/// dropping the iterator cancels the transfer.
public struct UpstreamResponseBody: AsyncSequence, Sendable {
    public typealias Element = ByteBuffer

    typealias Producer = NIOThrowingAsyncSequenceProducer<
        ByteBuffer, any Error, NIOAsyncSequenceProducerBackPressureStrategies.HighLowWatermark, AsyncResponseBridge.ProducerDelegate
    >

    let producer: Producer

    init(producer: Producer) {
        self.producer = producer
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: producer.makeAsyncIterator())
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Producer.AsyncIterator

        public mutating func next() async throws -> ByteBuffer? {
            try await base.next()
        }
    }

    /// Reads the whole body into one buffer; throws `UpstreamError` (`.transport`) beyond `maxBytes`.
    public func collect(upTo maxBytes: Int) async throws -> ByteBuffer {
        var result = ByteBuffer()
        for try await var part in self {
            guard result.readableBytes + part.readableBytes <= maxBytes else {
                throw UpstreamError(kind: .transport, message: "response body larger than \(maxBytes) bytes")
            }
            result.writeBuffer(&part)
        }
        return result
    }
}
