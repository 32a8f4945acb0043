import SignalboxCore

/// Rebuilds the final response head from libcurl's header callback, which hands over one complete
/// header line at a time (status lines of every response in the exchange, fields, blank lines).
/// Informational (1xx) blocks such as `100 Continue` or `103 Early Hints` are skipped; lines after
/// the final head (trailers) are ignored.
struct ResponseHeadParser {
    enum Action: Equatable {
        case none
        /// An informational block ended and was discarded.
        case informational(Int)
        /// The final head is complete.
        case head(UpstreamResponseHead)
    }

    private var status: Int?
    private var httpVersion = ""
    private var fields: [HTTPField] = []
    private(set) var isComplete = false

    mutating func parse(line raw: UnsafeRawBufferPointer) -> Action {
        guard !isComplete else { return .none }
        var line = raw[...]
        while let last = line.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { line = line.dropLast() }

        guard let status else {
            parseStatusLine(line)
            return .none
        }
        if line.isEmpty {
            if (100..<200).contains(status) {
                self.status = nil
                fields.removeAll(keepingCapacity: true)
                return .informational(status)
            }
            isComplete = true
            return .head(UpstreamResponseHead(status: status, headers: fields, httpVersion: httpVersion))
        }
        if let first = line.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"), !fields.isEmpty {
            // Obsolete line folding: continuation of the previous field's value.
            fields[fields.count - 1].value += " " + Self.string(Self.trimmed(line))
            return .none
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return .none }
        let name = Self.trimmed(line[line.startIndex..<colon])
        guard !name.isEmpty else { return .none }
        fields.append(HTTPField(Self.string(name), Self.string(Self.trimmed(line[(colon + 1)...]))))
        return .none
    }

    /// `HTTP/1.1 200 OK`, `HTTP/2 200`. Anything else is ignored (libcurl rejects such responses).
    private mutating func parseStatusLine(_ line: Slice<UnsafeRawBufferPointer>) {
        let prefix = "HTTP/".utf8
        guard line.count >= prefix.count + 4, line.prefix(prefix.count).elementsEqual(prefix) else { return }
        let afterPrefix = line.dropFirst(prefix.count)
        guard let space = afterPrefix.firstIndex(of: UInt8(ascii: " ")) else { return }
        let code = afterPrefix[(space + 1)...].prefix(3)
        guard code.count == 3, code.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else { return }
        httpVersion = Self.string(afterPrefix[afterPrefix.startIndex..<space])
        status = code.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> Slice<UnsafeRawBufferPointer> {
        var result = bytes
        while let first = result.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t") { result = result.dropFirst() }
        while let last = result.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { result = result.dropLast() }
        return result
    }

    private static func string(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
