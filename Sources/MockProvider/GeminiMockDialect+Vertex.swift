import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import Providers
import SignalboxCore

/// Gemini on Vertex AI, as the gemini flavor also speaks it: the same bodies under
/// `/v1/projects/{p}/locations/{l}/publishers/google/models/{m}:generateContent`,
/// `:streamGenerateContent` and `:predict` (text embeddings), with an OAuth access token as
/// `Authorization: Bearer` (the mock's API key plays the token), and Google's OAuth token endpoint
/// at `POST /token`, which trades a service account's JWT for that token.
// https://cloud.google.com/vertex-ai/docs/reference/rest/v1/projects.locations.publishers.models/generateContent
// https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/text-embeddings-api
// https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
extension GeminiMockDialect {
    /// Vertex names models by resource name; an embeddings endpoint carries the model with this
    /// prefix, so that the request and the answer take `:predict`'s shapes rather than
    /// `:batchEmbedContents`'.
    static let vertexModelPrefix = "publishers/google/models/"

    /// How long the tokens the mock issues live, in seconds (Google answers 3599).
    static let tokenLifetimeSeconds = 3_599

    /// A Vertex AI model path, or nil when `path` is not one.
    static func vertexEndpoint(method: String, path: String) -> MockEndpoint? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        // "", version, "projects", p, "locations", l, "publishers", "google", "models", "m:method"
        guard segments.count == 10, segments[0].isEmpty, segments[1] == "v1" || segments[1] == "v1beta1", segments[2] == "projects",
            !segments[3].isEmpty, segments[4] == "locations", !segments[5].isEmpty, segments[6] == "publishers", segments[7] == "google",
            segments[8] == "models", let colon = segments[9].lastIndex(of: ":")
        else { return nil }
        let model = String(segments[9][..<colon])
        guard !model.isEmpty else { return .unknown }
        switch segments[9][segments[9].index(after: colon)...] {
        case "generateContent": return .allowing("POST", method: method, .chatCompletions(model: model, stream: false))
        case "streamGenerateContent": return .allowing("POST", method: method, .chatCompletions(model: model, stream: true))
        case "predict": return .allowing("POST", method: method, .embeddings(model: vertexModelPrefix + model))
        default: return .unknown
        }
    }

    static func isVertexPath(_ path: String) -> Bool {
        path.hasPrefix("/v1/projects/") || path.hasPrefix("/v1beta1/projects/")
    }

    /// Vertex AI takes an OAuth access token: `Authorization: Bearer <token>`.
    static func isVertexAuthorized(_ request: Request, token: String) -> Bool {
        request.headers[.authorization] == "Bearer " + token
    }

    /// `:predict`'s `{"instances":[{"content":…}],"parameters":{"outputDimensionality":…}}`.
    static func vertexEmbeddings(_ body: ByteBuffer, model: String) throws -> EmbeddingRequest {
        let request = try JSONDecoder().decode(VertexPredictEmbeddingsRequest.self, from: Data(body.readableBytesView))
        var extras: [String: JSONValue] = [:]
        if let dimensions = request.parameters?.outputDimensionality { extras["dimensions"] = .number(Double(dimensions)) }
        return EmbeddingRequest(model: model, input: .texts(request.instances.map(\.content)), extras: extras)
    }

    /// `{"predictions":[{"embeddings":{"values":[…],"statistics":{"token_count":…}}}]}`. The mock
    /// counts tokens for the whole request, so the first prediction carries them all (the adapter
    /// sums them).
    static func vertexEmbeddingsResponse(_ vectors: [[Double]], promptTokens: Int) -> ByteBuffer {
        MockResponder.encode(
            VertexPredictEmbeddingsResponse(
                predictions: vectors.enumerated().map { index, vector in
                    .init(embeddings: .init(values: vector, statistics: .init(truncated: false, tokenCount: Double(index == 0 ? promptTokens : 0))))
                }))
    }

    /// The token endpoint: a form with `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` and
    /// `assertion=<JWT>`. The JWT's header must name RS256 and its claims an issuer, the
    /// cloud-platform scope, an audience ending in `/token` and `exp` after `iat`; the signature
    /// cannot be checked (the mock has no public key), the Providers tests check it. Answers
    /// `{"access_token":<apiKey>,"expires_in":3599,"token_type":"Bearer"}`, or 400 `invalid_grant`.
    func tokenAnswer(form: ByteBuffer, apiKey: String?) -> (status: HTTPResponse.Status, body: ByteBuffer) {
        func refused(_ description: String) -> (HTTPResponse.Status, ByteBuffer) {
            (.badRequest, MockResponder.encode(GoogleServiceAccountToken.ErrorAnswer(error: "invalid_grant", errorDescription: description)))
        }
        var fields: [String: String] = [:]
        for pair in String(buffer: form).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { continue }
            let decode = { (text: Substring) in text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            fields[decode(parts[0])] = decode(parts[1])
        }
        guard fields["grant_type"] == GoogleServiceAccountToken.grantType else { return refused("Invalid grant_type.") }
        guard let assertion = fields["assertion"] else { return refused("Missing assertion.") }
        let parts = assertion.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[2].isEmpty, GoogleServiceAccountToken.decodeBase64URL(parts[2]) != nil,
            let headerBytes = GoogleServiceAccountToken.decodeBase64URL(parts[0]),
            let header = try? JSONDecoder().decode(GoogleServiceAccountToken.Header.self, from: Data(headerBytes)),
            let claimBytes = GoogleServiceAccountToken.decodeBase64URL(parts[1]),
            let claims = try? JSONDecoder().decode(GoogleServiceAccountToken.Claims.self, from: Data(claimBytes))
        else { return refused("Invalid JWT: not a signed JWT with a header and claims.") }
        guard header.alg == "RS256" else { return refused("Invalid JWT: alg must be RS256.") }
        guard !claims.iss.isEmpty else { return refused("Invalid JWT: no issuer.") }
        guard claims.aud.hasSuffix("/token") else { return refused("Invalid JWT: the audience is not a token endpoint.") }
        guard claims.scope.split(separator: " ").contains(Substring(GoogleServiceAccountToken.scope)) else {
            return refused("Invalid JWT: the cloud-platform scope is missing.")
        }
        guard claims.exp > claims.iat else { return refused("Invalid JWT: exp is not after iat.") }
        let answer = GoogleServiceAccountToken.Answer(accessToken: apiKey ?? "mock-access-token", expiresIn: Self.tokenLifetimeSeconds)
        return (.ok, MockResponder.encode(answer))
    }
}
