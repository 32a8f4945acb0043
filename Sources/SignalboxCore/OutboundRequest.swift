/// An HTTP request to a provider, built by a provider adapter and executed by the upstream client.
public struct OutboundRequest: Sendable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case post = "POST"
        case delete = "DELETE"
    }

    public var method: Method
    public var url: String
    /// Header fields in order. Secrets are only ever placed here, never in events or logs.
    public var headers: [HTTPField]
    public var body: [UInt8]
    public var timeouts: ProviderTimeouts
    public var httpVersion: HTTPVersionPreference
    /// Upper bound on concurrent connections to this request's host.
    public var maxConnectionsPerHost: Int

    public init(
        method: Method, url: String, headers: [HTTPField] = [], body: [UInt8] = [], timeouts: ProviderTimeouts = ProviderTimeouts(),
        httpVersion: HTTPVersionPreference = .auto, maxConnectionsPerHost: Int = 64
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeouts = timeouts
        self.httpVersion = httpVersion
        self.maxConnectionsPerHost = maxConnectionsPerHost
    }
}

/// One HTTP header field.
public struct HTTPField: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPField {
    /// The first value of a header, compared case-insensitively.
    public func first(_ name: String) -> String? {
        first { $0.name.equalsIgnoringASCIICase(name) }?.value
    }
}

extension String {
    /// ASCII case-insensitive comparison, as HTTP header names are compared. Works on the UTF-8
    /// bytes directly: it runs for every header of every request.
    public func equalsIgnoringASCIICase(_ other: String) -> Bool {
        var lhs = self
        var rhs = other
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        return lhs.withUTF8 { a in
            rhs.withUTF8 { b in
                for index in 0..<a.count {
                    let x = a[index]
                    let y = b[index]
                    if x == y { continue }
                    let lower = x | 0x20
                    guard lower == y | 0x20, lower >= 0x61, lower <= 0x7a else { return false }
                }
                return true
            }
        }
    }
}
