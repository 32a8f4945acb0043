public import SignalboxCore

/// A `/v1` request as the mock received it, kept so tests can assert what a gateway sent upstream.
public struct RecordedRequest: Sendable, Codable, Equatable {
    public var method: String
    /// The request target as received: path plus query string, if any.
    public var path: String
    /// Header names lowercased; repeated headers joined with ", ".
    public var headers: [String: String]
    public var bodyText: String
    /// The body parsed as JSON, or nil when it is empty or not JSON.
    public var body: JSONValue?

    public init(method: String, path: String, headers: [String: String], bodyText: String, body: JSONValue?) {
        self.method = method
        self.path = path
        self.headers = headers
        self.bodyText = bodyText
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case method, path, headers
        case bodyText = "body_text"
        case body
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(method, forKey: .method)
        try c.encode(path, forKey: .path)
        try c.encode(headers, forKey: .headers)
        try c.encode(bodyText, forKey: .bodyText)
        // Always present, `null` when the body was not JSON.
        try c.encode(body, forKey: .body)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.method = try c.decode(String.self, forKey: .method)
        self.path = try c.decode(String.self, forKey: .path)
        self.headers = try c.decode([String: String].self, forKey: .headers)
        self.bodyText = try c.decode(String.self, forKey: .bodyText)
        self.body = try c.decodeIfPresent(JSONValue.self, forKey: .body)
    }
}
