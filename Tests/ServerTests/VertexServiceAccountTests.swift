import Engine
import Foundation
import Logging
import MockProvider
import NIOCore
import Server
import SignalboxCore
import Testing
import Upstream
import _CryptoExtras

/// A vertex provider whose key is a service account, against the gemini mock (which also speaks
/// Vertex AI's paths and Google's OAuth token endpoint): the gateway mints an access token at start
/// and sends it as the bearer; the private key never leaves the gateway.
@Suite("Vertex service accounts end to end")
struct VertexServiceAccountTests {
    static let rsaKey = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static var pemBody: String {
        rsaKey.pkcs8PEMRepresentation.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    }

    /// The gemini mock's provider, turned into a vertex provider with a service-account key whose
    /// token endpoint is the mock's `tokenPath`.
    static func vertexCase(tokenPath: String = "/token") -> FlavorHarness.Case {
        FlavorHarness.Case(
            flavor: .gemini, label: "vertex (service account)", keyHeader: "authorization", keyCheck: { $0 == "Bearer " + $1 },
            configure: { provider in
                let origin = String(provider.baseURL.dropLast(MockFlavor.gemini.basePath.count))
                provider.kind = .vertex
                provider.baseURL = origin + "/v1"
                provider.region = "us-central1"
                provider.project = "sim-project"
                let account = ServiceAccountKey(
                    clientEmail: "gateway@sim-project.iam.gserviceaccount.com", privateKeyID: "sim-key-1",
                    privateKeyPEM: Secret(rsaKey.pkcs8PEMRepresentation), tokenURI: origin + tokenPath, projectID: "sim-project")
                provider.keys = [ProviderKeyConfig(id: "sa", secret: Secret(""), serviceAccount: account)]
            })
    }

    @Test(
        "the minted token authorizes chat, streams and :predict embeddings; the private key never travels",
        .timeLimit(.minutes(1)))
    func mintedTokenIsTheBearer() async throws {
        let harness = try await FlavorHarness.start(Self.vertexCase())
        await harness.runtime.accessTokens.waitForFirstToken(provider: "sim-gemini", key: "sa")
        let chat = try await harness.post("/chat/completions", ProviderFlavorTests.chat("hello through vertex"))
        let stream = try await harness.post("/chat/completions", ProviderFlavorTests.chat("streamed through vertex", stream: true))
        let embeddings = try await harness.post(
            "/embeddings", .object(["model": .string("flavor-embed"), "input": .array([.string("red apple"), .string("green apple")])]))
        let records = harness.mock.recordedRequests
        await harness.stop()

        #expect(chat.status == 200, "\(chat.body)")
        let completion = try JSONDecoder().decode(ChatCompletionResponse.self, from: Data(chat.body.utf8))
        #expect(completion.choices.first?.message.content?.plainText.contains("hello through vertex") == true)
        #expect(stream.status == 200, "\(stream.body)")
        #expect(FlavorHarness.dataLines(stream.body).last == "[DONE]")
        #expect(FlavorHarness.dataLines(stream.body).contains { $0.contains("streamed") })
        #expect(embeddings.status == 200, "\(embeddings.body)")
        let list = try JSONDecoder().decode(JSONValue.self, from: Data(embeddings.body.utf8))
        guard case .object(let object) = list, case .array(let items)? = object["data"] else {
            Issue.record("not an embeddings list: \(embeddings.body)")
            return
        }
        #expect(items.count == 2)

        let token = try #require(records.first)
        #expect(token.method == "POST" && token.path == "/token")
        #expect(token.headers["content-type"] == "application/x-www-form-urlencoded")
        #expect(token.bodyText.hasPrefix("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="))
        let vertex = records.filter { $0.path.hasPrefix("/v1/projects/") }
        #expect(vertex.count == 3)
        #expect(vertex.map(\.path).contains("/v1/projects/sim-project/locations/us-central1/publishers/google/models/flavor-model:generateContent"))
        #expect(vertex.contains { $0.path.hasSuffix("/models/flavor-embed-model:predict") })
        for request in vertex {
            #expect(request.headers["authorization"] == "Bearer " + FlavorHarness.providerKey, "\(request.path)")
        }
        let pemBody = Self.pemBody
        for request in records {
            #expect(!request.bodyText.contains("PRIVATE KEY") && !request.bodyText.contains(pemBody.prefix(64)))
            #expect(!request.headers.values.contains { $0.contains("PRIVATE KEY") || $0.contains(pemBody.prefix(64)) })
        }
    }

    @Test(
        "until a token arrives the key's requests are refused with 503 and Retry-After, and Vertex sees nothing",
        .timeLimit(.minutes(1)))
    func noTokenNoRequest() async throws {
        // A token endpoint that answers 401: the refresher keeps retrying, no token ever arrives.
        let harness = try await FlavorHarness.start(Self.vertexCase(tokenPath: "/v1/no-such-token-endpoint"))
        await harness.mock.waitForStats { $0.requests >= 1 }
        let chat = try await harness.post("/chat/completions", ProviderFlavorTests.chat("too early"))
        let records = harness.mock.recordedRequests
        await harness.stop()

        #expect(chat.status == 503, "\(chat.body)")
        #expect(chat.headers.first("retry-after") == "1")
        #expect(chat.body.contains("has no access token yet"))
        #expect(!records.contains { $0.path.hasPrefix("/v1/projects/") })
        #expect(records.contains { $0.path == "/v1/no-such-token-endpoint" })
    }

    /// A JWT with the given header and claims and a dummy signature (the mock cannot check signatures).
    static func jwt(header: String, claims: String) -> String {
        func part(_ json: String) -> String {
            Data(json.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
                .replacingOccurrences(of: "=", with: "")
        }
        return part(header) + "." + part(claims) + ".c2lnbmF0dXJl"
    }

    static let goodHeader = #"{"alg":"RS256","typ":"JWT","kid":"k1"}"#
    static let goodClaims =
        #"{"iss":"a@p.iam.gserviceaccount.com","scope":"https://www.googleapis.com/auth/cloud-platform","aud":"http://x/token","iat":100,"exp":3700}"#
    static let grant = "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion="

    @Test(
        "the mock's token endpoint checks the grant and the JWT's header and claims",
        arguments: [
            (grant + jwt(header: goodHeader, claims: goodClaims), 200),
            ("grant_type=client_credentials&assertion=" + jwt(header: goodHeader, claims: goodClaims), 400),
            (grant + "not-a-jwt", 400),
            (grant + jwt(header: #"{"alg":"HS256","typ":"JWT"}"#, claims: goodClaims), 400),
            (grant + jwt(header: goodHeader, claims: goodClaims.replacingOccurrences(of: "http://x/token", with: "http://x/other")), 400),
            (grant + jwt(header: goodHeader, claims: goodClaims.replacingOccurrences(of: "cloud-platform", with: "devstorage.read_only")), 400),
            (grant + jwt(header: goodHeader, claims: goodClaims.replacingOccurrences(of: "3700", with: "50")), 400),
            (grant + jwt(header: goodHeader, claims: goodClaims.replacingOccurrences(of: "a@p.iam.gserviceaccount.com", with: "")), 400),
        ])
    func mockTokenEndpoint(_ form: String, _ status: Int) async throws {
        let mock = MockProviderServer(configuration: MockProviderConfiguration(flavor: .gemini, apiKey: "ya29.mock-token"))
        _ = try await mock.start()
        let client = CurlUpstreamClient(maxHostConnections: 2, logger: .init(label: "test.token"))
        let origin = String(mock.baseURL.dropLast(3))
        let request = OutboundRequest(
            method: .post, url: origin + "/token", headers: [HTTPField("Content-Type", "application/x-www-form-urlencoded")],
            body: Array(form.utf8), httpVersion: .http1)
        let response = try await client.execute(request)
        let body = String(buffer: try await response.body.collect(upTo: 1 << 16))
        client.shutdown()
        await mock.stop()

        #expect(response.head.status == status, "\(body)")
        let answer = try JSONDecoder().decode([String: JSONValue].self, from: Data(body.utf8))
        if status == 200 {
            #expect(answer["access_token"] == .string("ya29.mock-token"))
            #expect(answer["token_type"] == .string("Bearer"))
            #expect(answer["expires_in"] == .number(3599))
        } else {
            #expect(answer["error"] == .string("invalid_grant"))
            #expect(answer["access_token"] == nil)
        }
    }
}
