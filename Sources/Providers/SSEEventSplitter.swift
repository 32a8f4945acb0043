public import NIOCore

/// Splits a Server-Sent Events byte stream into whole events (W3C EventSource framing: events end
/// with a blank line; lines end with LF, CRLF or CR). Bytes of an event that has not ended yet are
/// kept until the next `append`. Pure and allocation-light: events are slices of the input.
public struct SSEEventSplitter: Sendable {
    /// One complete event: its raw bytes (terminator included) and its joined `data:` payload.
    public struct Event: Sendable {
        public var raw: ByteBuffer
        public var data: ByteBuffer?
    }

    private var pending: ByteBuffer?

    public init() {}

    /// True when bytes of an unterminated event are buffered.
    public var hasPartialEvent: Bool { (pending?.readableBytes ?? 0) > 0 }

    /// Feeds bytes and returns the events they complete, in order.
    public mutating func append(_ bytes: ByteBuffer) -> [Event] {
        var buffer: ByteBuffer
        if var pending, pending.readableBytes > 0 {
            var incoming = bytes
            pending.writeBuffer(&incoming)
            buffer = pending
        } else {
            buffer = bytes
        }
        self.pending = nil

        var events: [Event] = []
        let view = buffer.readableBytesView
        var eventStart = view.startIndex
        var lineStart = view.startIndex
        var index = view.startIndex
        while index < view.endIndex {
            let byte = view[index]
            guard byte == 0x0A || byte == 0x0D else {
                index += 1
                continue
            }
            var lineEnd = index + 1
            if byte == 0x0D {
                // A CR at the very end may be the first half of CRLF: wait for more bytes.
                if lineEnd == view.endIndex { break }
                if view[lineEnd] == 0x0A { lineEnd += 1 }
            }
            if index == lineStart {
                // Blank line: the event [eventStart, lineEnd) is complete.
                let offset = eventStart - view.startIndex
                let raw = buffer.getSlice(at: buffer.readerIndex + offset, length: lineEnd - eventStart)!
                if index > eventStart {
                    events.append(Event(raw: raw, data: Self.data(of: raw)))
                }
                eventStart = lineEnd
            }
            lineStart = lineEnd
            index = lineEnd
        }
        if eventStart < view.endIndex {
            let offset = eventStart - view.startIndex
            self.pending = buffer.getSlice(at: buffer.readerIndex + offset, length: view.endIndex - eventStart)
        }
        return events
    }

    /// Takes whatever is buffered (a stream that ended without a final blank line).
    public mutating func flush() -> ByteBuffer? {
        defer { pending = nil }
        guard let pending, pending.readableBytes > 0 else { return nil }
        return pending
    }

    /// The `data:` lines of one event joined with LF, or nil if it has none.
    static func data(of event: ByteBuffer) -> ByteBuffer? {
        var result: ByteBuffer?
        let view = event.readableBytesView
        var lineStart = view.startIndex
        var index = view.startIndex
        func take(_ line: ByteBufferView.SubSequence) {
            guard line.starts(with: "data".utf8) else { return }
            var value = line.dropFirst(4)
            if value.first == UInt8(ascii: ":") {
                value = value.dropFirst()
            } else if !value.isEmpty {
                return  // a field named e.g. "datafoo"
            }
            if value.first == UInt8(ascii: " ") { value = value.dropFirst() }
            if result == nil {
                result = ByteBuffer(bytes: value)
            } else {
                result!.writeInteger(UInt8(ascii: "\n"))
                result!.writeBytes(value)
            }
        }
        while index < view.endIndex {
            let byte = view[index]
            if byte == 0x0A || byte == 0x0D {
                if index > lineStart { take(view[lineStart..<index]) }
                if byte == 0x0D, index + 1 < view.endIndex, view[index + 1] == 0x0A { index += 1 }
                lineStart = index + 1
            }
            index += 1
        }
        if lineStart < view.endIndex { take(view[lineStart..<view.endIndex]) }
        return result
    }
}
