import Foundation
// Linux only, like the project: Glibc's socket calls are used directly.
import Glibc
import Synchronization

/// A minimal HTTP/1.1 client over one blocking loopback socket, for tests that need what a
/// buffering client hides: reading a stream event by event, seeing a connection cut mid-body,
/// and going away mid-request. Blocking calls run on their own thread, never on the cooperative
/// pool (which the server under test needs). Reads time out after `readTimeout`.
final class LoopbackHTTPConnection: Sendable {
    struct Head: Sendable {
        var status: Int
        /// Lowercased names; repeated headers joined with ", ".
        var headers: [String: String]
    }

    struct Response: Sendable {
        var head: Head
        var body: String
        var status: Int { head.status }
        var headers: [String: String] { head.headers }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONDecoder().decode(type, from: Data(body.utf8))
        }
    }

    enum Failure: Error, Equatable {
        case connectFailed(Int32)
        case sendFailed(Int32)
        case timedOut
        /// The server closed the connection before the message was complete.
        case closedMidMessage
        case malformed(String)
    }

    private enum Framing: Sendable {
        case unknown
        case chunked
        case length(remaining: Int)
        case untilClose
        case done
    }

    private struct Reader: Sendable {
        var buffer: [UInt8] = []
        var framing = Framing.unknown
        /// Decoded body bytes not yet returned as SSE events.
        var events: [UInt8] = []
    }

    static let readTimeoutSeconds = 20

    private let fd: Int32
    private let reader = Mutex(Reader())
    private let closed = Mutex(false)

    private init(fd: Int32) { self.fd = fd }

    deinit { close() }

    static func open(port: Int) async throws -> LoopbackHTTPConnection {
        try await onThread {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw Failure.connectFailed(errno) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard result == 0 else {
                let code = errno
                _ = Glibc.close(fd)
                throw Failure.connectFailed(code)
            }
            var timeout = timeval(tv_sec: readTimeoutSeconds, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            return LoopbackHTTPConnection(fd: fd)
        }
    }

    /// Sends a request; `Content-Length` and `Host` are added.
    func send(_ method: String, _ path: String, headers: [(String, String)] = [], body: String? = nil) async throws {
        var text = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if let body {
            text += "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        } else if method == "POST" || method == "PUT" {
            text += "Content-Length: 0\r\n\r\n"
        } else {
            text += "\r\n"
        }
        let bytes = Array(text.utf8)
        let fd = self.fd
        try await Self.onThread {
            var sent = 0
            while sent < bytes.count {
                let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                guard n > 0 else { throw Failure.sendFailed(errno) }
                sent += n
            }
        }
    }

    func readHead() async throws -> Head {
        try await withReader { reader in
            let statusLine = try self.readLine(&reader)
            let parts = statusLine.split(separator: " ", maxSplits: 2)
            guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure.malformed("status line '\(statusLine)'") }
            var headers: [String: String] = [:]
            while true {
                let line = try self.readLine(&reader)
                if line.isEmpty { break }
                guard let colon = line.firstIndex(of: ":") else { throw Failure.malformed("header '\(line)'") }
                let name = line[..<colon].lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                headers[name] = headers[name].map { $0 + ", " + value } ?? value
            }
            if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                reader.framing = .chunked
            } else if let length = headers["content-length"].flatMap(Int.init) {
                reader.framing = length > 0 ? .length(remaining: length) : .done
            } else {
                reader.framing = status == 204 || status == 304 ? .done : .untilClose
            }
            return Head(status: status, headers: headers)
        }
    }

    /// The next piece of the body as sent (one chunk of a chunked body), or nil at its end.
    func readBodyPiece() async throws -> [UInt8]? {
        try await withReader { reader in try self.nextBodyPiece(&reader) }
    }

    /// The rest of the body as text.
    func readBody() async throws -> String {
        var body: [UInt8] = []
        while let piece = try await readBodyPiece() { body += piece }
        return String(decoding: body, as: UTF8.self)
    }

    /// The next server-sent event's data (its `data:` lines joined), or nil when the body ended.
    func nextEvent() async throws -> String? {
        try await withReader { reader in
            while true {
                if let end = Self.eventEnd(in: reader.events) {
                    let event = String(decoding: reader.events[..<end], as: UTF8.self)
                    reader.events.removeFirst(end + 2)
                    return event.split(separator: "\n").filter { $0.hasPrefix("data:") }
                        .map { $0.dropFirst(5).trimmingCharacters(in: .whitespaces) }.joined(separator: "\n")
                }
                guard let piece = try self.nextBodyPiece(&reader) else {
                    guard reader.events.allSatisfy({ $0 == UInt8(ascii: "\n") }) else { throw Failure.malformed("body ended mid-event") }
                    return nil
                }
                reader.events += piece
            }
        }
    }

    /// Closes both directions now, like a client that gives up.
    func close() {
        let first = closed.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard first else { return }
        shutdown(fd, Int32(SHUT_RDWR))
        _ = Glibc.close(fd)
    }

    // MARK: Reading (on a dedicated thread, under the reader lock)

    private func withReader<T: Sendable>(_ body: @escaping @Sendable (inout Reader) throws -> T) async throws -> T {
        try await Self.onThread { try self.reader.withLock { try body(&$0) } }
    }

    private func nextBodyPiece(_ reader: inout Reader) throws -> [UInt8]? {
        switch reader.framing {
        case .unknown: throw Failure.malformed("body read before head")
        case .done: return nil
        case .length(let remaining):
            if reader.buffer.isEmpty { try fill(&reader, eofIsError: true) }
            let piece = Array(reader.buffer.prefix(remaining))
            reader.buffer.removeFirst(piece.count)
            reader.framing = remaining == piece.count ? .done : .length(remaining: remaining - piece.count)
            return piece
        case .untilClose:
            if reader.buffer.isEmpty, try !fill(&reader, eofIsError: false) {
                reader.framing = .done
                return nil
            }
            defer { reader.buffer.removeAll() }
            return reader.buffer
        case .chunked:
            let sizeLine = try readLine(&reader)
            guard let size = Int(sizeLine.split(separator: ";").first ?? "", radix: 16) else {
                throw Failure.malformed("chunk size '\(sizeLine)'")
            }
            if size == 0 {
                while try !readLine(&reader).isEmpty {}  // trailers
                reader.framing = .done
                return nil
            }
            while reader.buffer.count < size + 2 { try fill(&reader, eofIsError: true) }
            let piece = Array(reader.buffer[..<size])
            reader.buffer.removeFirst(size + 2)
            return piece
        }
    }

    private func readLine(_ reader: inout Reader) throws -> String {
        while true {
            if let end = Self.lineEnd(in: reader.buffer) {
                let line = String(decoding: reader.buffer[..<end], as: UTF8.self)
                reader.buffer.removeFirst(end + 2)
                return line
            }
            try fill(&reader, eofIsError: true)
        }
    }

    /// Reads more bytes; false at end of stream (or throws when that is an error here).
    @discardableResult
    private func fill(_ reader: inout Reader, eofIsError: Bool) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 {
            reader.buffer += chunk[..<n]
            return true
        }
        if n < 0, errno == EAGAIN || errno == EWOULDBLOCK { throw Failure.timedOut }
        // EOF, or a reset: the server is gone.
        if eofIsError { throw Failure.closedMidMessage }
        return false
    }

    private static func lineEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 13 && bytes[index + 1] == 10 { return index }
        return nil
    }

    private static func eventEnd(in bytes: [UInt8]) -> Int? {
        guard bytes.count >= 2 else { return nil }
        for index in 0..<(bytes.count - 1) where bytes[index] == 10 && bytes[index + 1] == 10 { return index }
        return nil
    }

    private static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.start()
        }
    }
}
