/// An HTTP request to a provider, built by a provider adapter and executed by the upstream client.
public struct OutboundRequest: Sendable {
    public enum Method: String, Sendable, Hashable {
        case get = "GET"
        case post = "POST"
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

extension StringProtocol {
    /// ASCII case-insensitive comparison, as HTTP header names are compared.
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        return zip(utf8, other.utf8).allSatisfy { a, b in
            a == b || (a | 0x20 == b | 0x20 && (a | 0x20) >= 0x61 && (a | 0x20) <= 0x7a)
        }
    }
}
