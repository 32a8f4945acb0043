import Foundation
import Providers
import SignalboxCore
import Testing
import _CryptoExtras

/// The service-account flow's pure half: the RS256 JWT (header, claims, a signature the matching
/// public key accepts), the form-encoded token request, and the token endpoint's answers.
/// https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
@Suite struct GoogleServiceAccountTokenTests {
    /// One generated 2048-bit key for the suite (generation takes a moment).
    static let rsaKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let account = ServiceAccountKey(
        clientEmail: "gateway@acme-prod-123.iam.gserviceaccount.com", privateKeyID: "4f1c0ffee0ddba11",
        privateKeyPEM: Secret(rsaKey.pemRepresentation),
        tokenURI: "https://oauth2.googleapis.com/token", projectID: "acme-prod-123")
    static let now = 1_700_000_000

    static func part<T: Decodable>(_ type: T.Type, _ text: Substring) throws -> T {
        let bytes = try #require(GoogleServiceAccountToken.decodeBase64URL(text))
        return try JSONDecoder().decode(type, from: Data(bytes))
    }

    @Test func assertionHeaderAndClaimsFollowGoogle() throws {
        let jwt = try GoogleServiceAccountToken.assertion(key: Self.account, now: Self.now)
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        #expect(!jwt.contains("=") && !jwt.contains("+") && !jwt.contains("/"), "base64url without padding")
        let header = try Self.part(GoogleServiceAccountToken.Header.self, parts[0])
        #expect(header == GoogleServiceAccountToken.Header(alg: "RS256", typ: "JWT", kid: "4f1c0ffee0ddba11"))
        let claims = try Self.part(GoogleServiceAccountToken.Claims.self, parts[1])
        #expect(claims.iss == "gateway@acme-prod-123.iam.gserviceaccount.com")
        #expect(claims.scope == "https://www.googleapis.com/auth/cloud-platform")
        #expect(claims.aud == "https://oauth2.googleapis.com/token")
        #expect(claims.iat == Self.now)
        #expect(claims.exp == Self.now + 3_600)
        // The header as Google documents it, byte for byte once decoded.
        let headerJSON =
            try JSONSerialization.jsonObject(with: Data(try #require(GoogleServiceAccountToken.decodeBase64URL(parts[0])))) as? [String: String]
        #expect(headerJSON == ["alg": "RS256", "typ": "JWT", "kid": "4f1c0ffee0ddba11"])
    }

    @Test func signatureVerifiesWithTheMatchingPublicKeyOnly() throws {
        let jwt = try GoogleServiceAccountToken.assertion(key: Self.account, now: Self.now)
        let dot = try #require(jwt.lastIndex(of: "."))
        let signingInput = Data(jwt[..<dot].utf8)
        let signature = _RSA.Signing.RSASignature(
            rawRepresentation: try #require(GoogleServiceAccountToken.decodeBase64URL(jwt[jwt.index(after: dot)...])))
        #expect(signature.rawRepresentation.count == 256, "RSA-2048 signature")
        #expect(Self.rsaKey.publicKey.isValidSignature(signature, for: signingInput, padding: .insecurePKCS1v1_5))
        // Not PSS, not another key, not other claims.
        #expect(!Self.rsaKey.publicKey.isValidSignature(signature, for: signingInput, padding: .PSS))
        let otherKey = try _RSA.Signing.PrivateKey(keySize: .bits2048)
        #expect(!otherKey.publicKey.isValidSignature(signature, for: signingInput, padding: .insecurePKCS1v1_5))
        let later = try GoogleServiceAccountToken.assertion(key: Self.account, now: Self.now + 1)
        let laterDot = try #require(later.lastIndex(of: "."))
        #expect(!Self.rsaKey.publicKey.isValidSignature(signature, for: Data(later[..<laterDot].utf8), padding: .insecurePKCS1v1_5))
        // PKCS#1 v1.5 is deterministic: same inputs, same assertion.
        #expect(try GoogleServiceAccountToken.assertion(key: Self.account, now: Self.now) == jwt)
    }

    @Test func pkcs8KeysAsGoogleWritesThemSign() throws {
        var account = Self.account
        account.privateKeyPEM = Secret(Self.rsaKey.pkcs8PEMRepresentation)
        #expect(account.privateKeyPEM.reveal().hasPrefix("-----BEGIN PRIVATE KEY-----"))
        #expect(
            try GoogleServiceAccountToken.assertion(key: account, now: Self.now)
                == GoogleServiceAccountToken.assertion(key: Self.account, now: Self.now))
    }

    @Test func unusableKeyIsRefusedWithoutQuotingIt() {
        var account = Self.account
        account.privateKeyPEM = Secret("-----BEGIN PRIVATE KEY-----\nTOTALLYSECRETBUTBROKEN\n-----END PRIVATE KEY-----\n")
        #expect {
            try GoogleServiceAccountToken.assertion(key: account, now: Self.now)
        } throws: { error in
            guard let error = error as? GatewayError else { return false }
            return error.status == 500 && error.message.contains(account.clientEmail) && !error.message.contains("TOTALLYSECRET")
        }
    }

    @Test func tokenRequestIsAFormPostToTokenURI() throws {
        let request = try GoogleServiceAccountToken.tokenRequest(key: Self.account, now: Self.now)
        #expect(request.method == .post)
        #expect(request.url == "https://oauth2.googleapis.com/token")
        #expect(request.headers.first("content-type") == "application/x-www-form-urlencoded")
        #expect(request.headers.first("authorization") == nil)
        let body = String(decoding: request.body, as: UTF8.self)
        let jwt = try GoogleServiceAccountToken.assertion(key: Self.account, now: Self.now)
        #expect(body == "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + jwt)
        #expect(!body.contains("PRIVATE KEY"))
    }

    @Test func parsesTheAccessToken() throws {
        let answer = #"{"access_token":"ya29.c.b0Aaek","expires_in":3599,"token_type":"Bearer"}"#
        let parsed = try GoogleServiceAccountToken.parse(status: 200, body: Array(answer.utf8), provider: "vx")
        #expect(parsed.token == "ya29.c.b0Aaek")
        #expect(parsed.expiresIn == 3_599)
        let noLifetime = try GoogleServiceAccountToken.parse(status: 200, body: Array(#"{"access_token":"t"}"#.utf8), provider: "vx")
        #expect(noLifetime.expiresIn == 3_600)
    }

    struct BadAnswer: Sendable, CustomTestStringConvertible {
        let name: String
        let status: Int
        let body: String
        let expectedStatus: Int
        let message: String
        var code: String?
        var testDescription: String { name }
    }

    static let badAnswers: [BadAnswer] = [
        BadAnswer(
            name: "invalid_grant with a description", status: 400,
            body: #"{"error":"invalid_grant","error_description":"Invalid JWT Signature."}"#, expectedStatus: 400,
            message: "invalid_grant (Invalid JWT Signature.)", code: "invalid_grant"),
        BadAnswer(
            name: "unauthorized_client without a description", status: 401, body: #"{"error":"unauthorized_client"}"#, expectedStatus: 401,
            message: "refused the service account: unauthorized_client", code: "unauthorized_client"),
        BadAnswer(
            name: "an HTML error page", status: 502, body: "<html><body>Bad Gateway</body></html>", expectedStatus: 502, message: "Bad Gateway"),
        BadAnswer(name: "an empty 503", status: 503, body: "", expectedStatus: 503, message: "no error body"),
        BadAnswer(name: "a 200 that is not JSON", status: 200, body: "ok", expectedStatus: 502, message: "not a bearer access token"),
        BadAnswer(
            name: "a 200 without access_token", status: 200, body: #"{"expires_in":3599}"#, expectedStatus: 502,
            message: "not a bearer access token"),
        BadAnswer(
            name: "a token that is not a bearer token", status: 200, body: #"{"access_token":"t","token_type":"mac"}"#, expectedStatus: 502,
            message: "not a bearer access token"),
    ]

    @Test(arguments: badAnswers)
    func mapsTokenEndpointErrors(_ bad: BadAnswer) {
        #expect {
            try GoogleServiceAccountToken.parse(status: bad.status, body: Array(bad.body.utf8), provider: "vertex-eu")
        } throws: { error in
            guard let error = error as? GatewayError else { return false }
            return error.status == bad.expectedStatus && error.message.contains(bad.message) && error.provider == "vertex-eu"
                && (bad.code == nil || error.codeName == bad.code)
        }
    }

    @Test func vertexAdapterWaitsForTheFirstTokenThenSendsIt() throws {
        let provider = ProviderConfig(
            id: "vertex-eu", kind: .vertex, baseURL: "https://europe-west4-aiplatform.googleapis.com/v1", region: "europe-west4",
            project: "acme-prod-123")
        let adapter = VertexAdapter(provider: provider)
        let request = ChatCompletionRequest(model: "gemini-2.5-flash", messages: [ChatMessage(role: .user, content: .text("hi"))])
        let waiting = ProviderKeyConfig(id: "sa", secret: Secret(""), serviceAccount: Self.account)
        #expect {
            try adapter.chatCompletionRequest(request, verbatimBody: nil, key: waiting)
        } throws: { error in
            guard let error = error as? GatewayError else { return false }
            return error.status == 503 && error.retryAfter == 1 && error.message.contains("has no access token yet")
        }
        #expect(throws: GatewayError.self) {
            try adapter.embeddingsRequest(EmbeddingRequest(model: "text-embedding-005", input: .texts(["a"])), key: waiting)
        }
        let ready = ProviderKeyConfig(id: "sa", secret: Secret("ya29.minted"), serviceAccount: Self.account)
        let outbound = try adapter.chatCompletionRequest(request, verbatimBody: nil, key: ready)
        #expect(outbound.headers.first("authorization") == "Bearer ya29.minted")
        #expect(!outbound.headers.contains { $0.value.contains("PRIVATE KEY") })
    }
}
