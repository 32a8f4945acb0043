public import Foundation
public import SignalboxCore

/// Amazon Bedrock Runtime: chat through Converse / ConverseStream (one request shape for every
/// model family, streamed as AWS event-stream frames), embeddings through InvokeModel.
/// Credentials: an access key (`access_key_id` + secret [+ session token]) signs each request
/// with SigV4 for service `bedrock` in the provider's region; a key without `access_key_id` is a
/// Bedrock API key sent as a bearer token.
/// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html
/// https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys.html
public struct BedrockAdapter: ProviderAdapter {
    public let provider: ProviderConfig
    /// The time requests are signed with and answers are stamped with.
    private let clock: @Sendable () -> Date
    /// Ids of translated answers: Converse bodies carry none (the request id is only a header).
    private let makeID: @Sendable () -> String
    private let baseURL: String
    private let extraHeaders: [HTTPField]

    static let signingService = "bedrock"

    /// Sorted keys: the same request always gives the same bytes (and the same signature).
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    public init(
        provider: ProviderConfig, clock: @escaping @Sendable () -> Date = { Date() },
        makeID: @escaping @Sendable () -> String = { "chatcmpl-bedrock-" + String(FastRandom.next() >> 16, radix: 36) }
    ) {
        self.provider = provider
        self.clock = clock
        self.makeID = makeID
        var base = provider.baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.extraHeaders = provider.headers.sorted { $0.key < $1.key }.map { HTTPField($0.key, $0.value) }
    }

    public var requestIDHeader: String { "x-amzn-requestid" }

    public func chatCompletionRequest(_ request: ChatCompletionRequest, verbatimBody: [UInt8]?, key: ProviderKeyConfig?) throws
        -> OutboundRequest
    {
        let converse = try Self.converseRequest(from: request)
        let body = try [UInt8](Self.encoder.encode(converse))
        let operation = request.isStreaming ? "converse-stream" : "converse"
        // https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_ConverseStream.html
        let accept = request.isStreaming ? "application/vnd.amazon.eventstream" : "application/json"
        return try post(path: "/model/\(Self.encodedModelID(request.model))/\(operation)", body: body, accept: accept, key: key)
    }

    /// The model id (or ARN) as one path segment: everything but RFC 3986's unreserved
    /// characters is percent-encoded, so `anthropic.claude-3-haiku-20240307-v1:0` travels as
    /// `…-v1%3A0` and an ARN's `/` as `%2F`.
    public static func encodedModelID(_ model: String) -> String {
        SigV4Signer.uriEncode(model)
    }

    func post(path: String, body: [UInt8], accept: String, key: ProviderKeyConfig?) throws -> OutboundRequest {
        let url = baseURL + path
        var headers = [HTTPField("Content-Type", "application/json"), HTTPField("Accept", accept)] + extraHeaders
        headers += try credentials(method: .post, url: url, signed: [HTTPField("Content-Type", "application/json")], body: body, key: key)
        return OutboundRequest(
            method: .post, url: url, headers: headers, body: body, timeouts: provider.timeouts, httpVersion: provider.httpVersion,
            maxConnectionsPerHost: provider.maxConnections)
    }

    /// The GET of `providers[].health_check`, signed like every other request.
    public func healthCheckRequest(path: String, key: ProviderKeyConfig?) -> OutboundRequest {
        let url = baseURL + path
        // Signing fails only for a malformed URL, which the request would fail on anyway.
        let auth = (try? credentials(method: .get, url: url, signed: [], body: [], key: key)) ?? []
        return OutboundRequest(
            method: .get, url: url, headers: extraHeaders + auth, timeouts: provider.timeouts, httpVersion: provider.httpVersion,
            maxConnectionsPerHost: provider.maxConnections)
    }

    /// The credential headers: a SigV4 signature (service `bedrock`, the provider's region) for
    /// an access key, `Authorization: Bearer` for a Bedrock API key.
    /// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
    /// https://docs.aws.amazon.com/bedrock/latest/userguide/api-keys-use.html
    private func credentials(method: OutboundRequest.Method, url: String, signed: [HTTPField], body: [UInt8], key: ProviderKeyConfig?) throws
        -> [HTTPField]
    {
        guard let key else { return [] }
        if let accessKeyID = key.accessKeyID, !accessKeyID.isEmpty {
            let signer = SigV4Signer(
                credentials: .init(accessKeyID: accessKeyID, secretAccessKey: key.secret, sessionToken: key.sessionToken),
                region: provider.region ?? "us-east-1", service: Self.signingService)
            // Host (from the URL), Content-Type and the X-Amz-* headers are signed, as the AWS SDKs do.
            return try signer.sign(method: method.rawValue, url: url, headers: signed, body: body, date: clock()).headers
        }
        return key.secret.isEmpty ? [] : [HTTPField("Authorization", "Bearer " + key.secret.reveal())]
    }

    public func chatCompletionResponse(body: [UInt8], model: String) throws -> ChatCompletionResponse? {
        let answer: BedrockConverseResponse
        do {
            answer = try SharedJSONCoders.decoder.decode(BedrockConverseResponse.self, from: Data(body))
        } catch {
            throw GatewayError.upstreamUnavailable(provider: provider.id, reason: "unreadable Converse answer (\(error))")
        }
        return Self.chatCompletion(from: answer, id: makeID(), created: Int(clock().timeIntervalSince1970), model: model)
    }

    public func makeStreamTranslator(model: String) -> (any ProviderStreamTranslator)? {
        BedrockStreamTranslator(provider: provider.id, id: makeID(), created: Int(clock().timeIntervalSince1970), model: model)
    }
}
