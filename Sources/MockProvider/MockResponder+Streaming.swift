import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import SignalboxCore

extension MockResponder {
    /// Thrown by the body writer to abort a stream on purpose (`cut_after`); the server then closes
    /// the connection without the terminating chunk.
    struct StreamCut: Error {}

    /// A streamed response of `stream`'s events. Faults: `chunk_delay_ms` before each event after
    /// the first; `cut_after` aborts after that many content (or argument) events. A client that
    /// goes away is noticed at once (inbound close), not at the next write; a stopping server ends
    /// the stream at once too.
    func stream(_ stream: MockStream, faults: MockFaults, request: Request, requestNumber: Int) -> Response {
        let events = stream.events
        let cutIndex = faults.cutAfter.map { stream.firstContentEvent + min($0, stream.contentEvents) }
        let delay: Duration? = faults.chunkDelayMs > 0 ? .milliseconds(faults.chunkDelayMs) : nil

        var headers = headers(requestNumber: requestNumber, contentType: stream.contentType)
        headers[.cacheControl] = "no-cache"
        // Watching for the client going away consumes the connection's inbound stream, so the
        // connection cannot be reused after a stream; say so.
        headers[.connection] = "close"
        let ledger = self.ledger
        let body = ResponseBody { writer in
            ledger.streamStarted()
            var outcome = MockProviderState.StreamOutcome.cancelled
            defer { ledger.streamEnded(outcome) }
            do {
                try await request.body.consumeWithCancellationOnInboundClose { _ -> Void in
                    for (index, event) in events.enumerated() {
                        if index == cutIndex { throw StreamCut() }
                        if index > 0, let delay { try await ledger.sleep(for: delay) }
                        try await writer.write(event)
                    }
                }
                try await writer.finish(nil)
                outcome = .completed
            } catch let cut as StreamCut {
                outcome = .cut
                throw cut
            }
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
