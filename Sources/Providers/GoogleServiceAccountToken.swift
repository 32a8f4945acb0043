import Crypto
import Foundation
public import SignalboxCore
import _CryptoExtras

/// Google's OAuth 2.0 flow for service accounts, as pure functions: a JWT signed with the account's
/// RSA key (RS256) is exchanged at the key file's `token_uri` for an access token that Vertex AI
/// takes as `Authorization: Bearer`. The engine's token refresher does the I/O.
/// https://developers.google.com/identity/protocols/oauth2/service-account#authorizingrequests
public enum GoogleServiceAccountToken {
    /// Vertex AI's scope. https://cloud.google.com/vertex-ai/docs/authentication
    public static let scope = "https://www.googleapis.com/auth/cloud-platform"
    /// RFC 7523's grant type, as Google's token endpoint expects it.
    public static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"
    /// The longest an assertion may live (Google refuses `exp` more than an hour after `iat`).
    public static let assertionLifetimeSeconds = 3_600

    /// The JWT header: `{"alg":"RS256","typ":"JWT","kid":private_key_id}`.
    public struct Header: Sendable, Hashable, Codable {
        public var alg: String
        public var typ: String
        public var kid: String?

        public init(alg: String = "RS256", typ: String = "JWT", kid: String?) {
            self.alg = alg
            self.typ = typ
            self.kid = kid
        }
    }

    /// The JWT claim set: issuer (the service account's email), scope, audience (`token_uri`), and
    /// issue and expiry times in seconds since 1970.
    public struct Claims: Sendable, Hashable, Codable {
        public var iss: String
        public var scope: String
        public var aud: String
        public var iat: Int
        public var exp: Int

        public init(iss: String, scope: String, aud: String, iat: Int, exp: Int) {
            self.iss = iss
            self.scope = scope
            self.aud = aud
            self.iat = iat
            self.exp = exp
        }
    }

    /// The token endpoint's answer: `{"access_token":…,"expires_in":3599,"token_type":"Bearer"}`.
    public struct Answer: Sendable, Hashable, Codable {
        public var accessToken: String
        public var expiresIn: Int?
        public var tokenType: String?

        public init(accessToken: String, expiresIn: Int?, tokenType: String? = "Bearer") {
            self.accessToken = accessToken
            self.expiresIn = expiresIn
            self.tokenType = tokenType
        }

        enum CodingKeys: String, CodingKey {
            case accessToken = "access_token"
            case expiresIn = "expires_in"
            case tokenType = "token_type"
        }
    }

    /// The token endpoint's error: `{"error":"invalid_grant","error_description":"Invalid JWT Signature."}`.
    public struct ErrorAnswer: Sendable, Hashable, Codable {
        public var error: String
        public var errorDescription: String?

        public init(error: String, errorDescription: String? = nil) {
            self.error = error
            self.errorDescription = errorDescription
        }

        enum CodingKeys: String, CodingKey {
            case error
            case errorDescription = "error_description"
        }
    }

    /// Compact JSON with a fixed key order, so the same inputs sign the same bytes.
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// `header.claims.signature`, each part base64url without padding; signed with RSASSA-PKCS1-v1_5
    /// over SHA-256 (RS256). Valid from `now` (seconds since 1970) for an hour. Throws
    /// `GatewayError.internalError` when the private key cannot be used (the key is never quoted).
    public static func assertion(key: ServiceAccountKey, now: Int) throws -> String {
        let header = Header(kid: key.privateKeyID)
        let claims = Claims(iss: key.clientEmail, scope: scope, aud: key.tokenURI, iat: now, exp: now + assertionLifetimeSeconds)
        let signingInput = base64URL([UInt8](try encoder.encode(header))) + "." + base64URL([UInt8](try encoder.encode(claims)))
        let privateKey: _RSA.Signing.PrivateKey
        do {
            privateKey = try _RSA.Signing.PrivateKey(pemRepresentation: key.privateKeyPEM.reveal())
        } catch {
            throw GatewayError.internalError(
                "The private_key of service account \(key.clientEmail) is not an RSA private key of 2048 bits or more.")
        }
        let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
        return signingInput + "." + base64URL([UInt8](signature.rawRepresentation))
    }

    /// `POST token_uri` with `grant_type=…&assertion=…`, form-encoded.
    public static func tokenRequest(key: ServiceAccountKey, now: Int, timeouts: ProviderTimeouts = ProviderTimeouts()) throws
        -> OutboundRequest
    {
        let body = "grant_type=" + formEncoded(grantType) + "&assertion=" + formEncoded(try assertion(key: key, now: now))
        return OutboundRequest(
            method: .post, url: key.tokenURI,
            headers: [HTTPField("Content-Type", "application/x-www-form-urlencoded"), HTTPField("Accept", "application/json")],
            body: Array(body.utf8), timeouts: timeouts)
    }

    /// The access token and its lifetime in seconds, or the endpoint's refusal as a `GatewayError`
    /// naming `provider` (`upstream` with the OAuth error as code; `upstreamUnavailable` for a 2xx
    /// that is not a token).
    public static func parse(status: Int, body: [UInt8], provider: String) throws -> (token: String, expiresIn: Int) {
        guard (200..<300).contains(status) else {
            if let refusal = try? SharedJSONCoders.decoder.decode(ErrorAnswer.self, from: Data(body)) {
                let detail = refusal.errorDescription.map { "\(refusal.error) (\($0))" } ?? refusal.error
                throw GatewayError.upstream(
                    provider: provider, status: status, message: "the OAuth token endpoint refused the service account: \(detail)", type: nil,
                    code: refusal.error, param: nil, retryAfter: nil)
            }
            let text = String(decoding: body.prefix(300), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw GatewayError.upstream(
                provider: provider, status: status, message: "the OAuth token endpoint answered: \(text.isEmpty ? "no error body" : text)",
                type: nil, code: nil, param: nil, retryAfter: nil)
        }
        guard let answer = try? SharedJSONCoders.decoder.decode(Answer.self, from: Data(body)), !answer.accessToken.isEmpty,
            answer.tokenType.map({ $0.lowercased() == "bearer" }) ?? true
        else {
            throw GatewayError.upstreamUnavailable(provider: provider, reason: "the OAuth token endpoint's answer is not a bearer access token")
        }
        // Google answers 3599; without a lifetime assume the documented hour.
        return (answer.accessToken, max(1, answer.expiresIn ?? assertionLifetimeSeconds))
    }

    /// Base64url without padding (RFC 7515 §2).
    public static func base64URL(_ bytes: [UInt8]) -> String {
        var text = Data(bytes).base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }

    /// The bytes of base64url text (padding optional), nil when it is not base64url.
    public static func decodeBase64URL(_ text: some StringProtocol) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return Data(base64Encoded: base64).map { [UInt8]($0) }
    }

    /// application/x-www-form-urlencoded for values that hold no spaces (URLs, JWTs).
    private static func formEncoded(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: formSafe) ?? value
    }

    private static let formSafe = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._*")
}
