import Foundation
import NIOCore
import Providers
import SignalboxCore

/// Sits between the engine, which always answers in the canonical format, and the server's
/// writer: whole answers, streamed chunks and errors are rendered by an `InboundDialect`.
/// Runs on the exchange's event loop, like every `ResponseWriter`.
final class DialectResponseWriter: ResponseWriter {
    private let inner: any ResponseWriter
    private let dialect: any InboundDialect
    private var splitter = SSEEventSplitter()
    private var finished = false

    init(_ inner: any ResponseWriter, dialect: any InboundDialect) {
        self.inner = inner
        self.dialect = dialect
    }

    func writeResponse(status: Int, headers: [HTTPField], body: ByteBuffer) {
        let data = Data(body.readableBytesView)
        let translated: [UInt8]
        if (200..<300).contains(status), let completion = try? SharedJSONCoders.decoder.decode(ChatCompletionResponse.self, from: data) {
            translated = dialect.answer(completion)
        } else if !(200..<300).contains(status) {
            let relayed = (try? SharedJSONCoders.decoder.decode(OpenAIErrorBody.self, from: data))
                .map { GatewayError.relayed($0, status: status) }
                ?? .upstreamUnavailable(provider: "gateway", reason: "unreadable error (\(status))")
            translated = dialect.errorBody(relayed)
        } else {
            translated = dialect.errorBody(.internalError("The provider's answer could not be translated."))
            inner.writeResponse(status: 502, headers: Self.json(headers), body: ByteBuffer(bytes: translated))
            return
        }
        inner.writeResponse(status: status, headers: Self.json(headers), body: ByteBuffer(bytes: translated))
    }

    func writeStreamHead(status: Int, headers: [HTTPField]) {
        var fields = headers.filter { !$0.name.equalsIgnoringASCIICase("content-type") }
        fields.insert(HTTPField("Content-Type", "text/event-stream"), at: 0)
        inner.writeStreamHead(status: status, headers: fields)
    }

    func writeStreamPart(_ part: ByteBuffer) -> Bool {
        var out: [UInt8] = []
        for event in splitter.append(part) {
            guard let data = event.data, data.readableBytes > 0, !finished else { continue }
            if data.readableBytesView.elementsEqual("[DONE]".utf8) {
                finished = true
                out += dialect.finish()
                continue
            }
            let json = Data(data.readableBytesView)
            if let chunk = try? SharedJSONCoders.decoder.decode(ChatCompletionChunk.self, from: json) {
                out += dialect.encode(chunk)
            } else if let error = try? SharedJSONCoders.decoder.decode(OpenAIErrorBody.self, from: json) {
                // The engine's in-stream error event (the provider failed after the first byte).
                finished = true
                out += dialect.streamError(.relayed(error, status: GatewayError.status(forType: error.error.type)))
            }
        }
        guard !out.isEmpty else { return true }
        return inner.writeStreamPart(ByteBuffer(bytes: out))
    }

    func endStream() {
        if !finished {
            finished = true
            let rest = dialect.finish()
            if !rest.isEmpty { _ = inner.writeStreamPart(ByteBuffer(bytes: rest)) }
        }
        inner.endStream()
    }

    /// `headers` with the content type set to JSON (the body's length is the server's to add).
    private static func json(_ headers: [HTTPField]) -> [HTTPField] {
        var fields = headers.filter { !$0.name.equalsIgnoringASCIICase("content-type") && !$0.name.equalsIgnoringASCIICase("content-length") }
        fields.insert(HTTPField("Content-Type", "application/json"), at: 0)
        return fields
    }
}
