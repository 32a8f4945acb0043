import Foundation
import Providers
import SignalboxCore
import Testing

/// AWS's published SigV4 test suite (Fixtures/sigv4, see its README for the source).
@Suite struct SigV4SignerTests {
    static let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z

    struct Vector: Sendable, CustomStringConvertible {
        var name: String
        var method: String
        var target: String
        var headers: [HTTPField]
        var body: [UInt8]
        var description: String { name }

        /// Parses a suite `.req` file: request line, `Name:value` headers, blank line, body.
        init(name: String) throws {
            self.name = name
            let text = try Fixture.text("sigv4/\(name)/\(name).req")
            let (head, body) = text.split(separator: "\n\n", maxSplits: 1, omittingEmptySubsequences: false).map(String.init).pair
            var lines = head.split(separator: "\n").map(String.init)
            let requestLine = lines.removeFirst().split(separator: " ")
            self.method = String(requestLine[0])
            self.target = String(requestLine[1])
            self.headers = lines.map { line in
                let colon = line.firstIndex(of: ":")!
                return HTTPField(String(line[..<colon]), String(line[line.index(after: colon)...]))
            }
            self.body = Array(body.utf8)
        }
    }

    static let names = [
        "get-vanilla", "post-vanilla", "get-vanilla-query-order-key", "get-vanilla-query-order-key-case", "post-header-key-case",
        "post-x-www-form-urlencoded", "post-sts-header-before", "get-vanilla-with-session-token",
    ]

    private func expected(_ name: String, _ ext: String) -> String? {
        try? Fixture.text("sigv4/\(name)/\(name).\(ext)").trimmingCharacters(in: .newlines)
    }

    @Test(arguments: names)
    func matchesPublishedVector(_ name: String) throws {
        let vector = try Vector(name: name)
        // The signer adds X-Amz-Date and X-Amz-Security-Token itself: take them out of the
        // request and check that it adds the suite's values.
        let date = try #require(vector.headers.first("x-amz-date"))
        let token = vector.headers.first("x-amz-security-token")
        let toSign = vector.headers.filter { !["x-amz-date", "x-amz-security-token"].contains($0.name.lowercased()) }
        let signer = SigV4Signer(
            credentials: .init(
                accessKeyID: "AKIDEXAMPLE", secretAccessKey: Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
                sessionToken: token.map(Secret.init)),
            region: "us-east-1", service: "service")
        let signature = try signer.sign(
            method: vector.method, url: "https://example.amazonaws.com" + vector.target, headers: toSign, body: vector.body, date: Self.date)

        if let creq = expected(name, "creq") { #expect(signature.canonicalRequest == creq) }
        if let sts = expected(name, "sts") { #expect(signature.stringToSign == sts) }
        #expect(signature.authorization == expected(name, "authz"))
        #expect(signature.headers.first("X-Amz-Date") == date)
        #expect(signature.headers.first("X-Amz-Security-Token") == token)
        #expect(signature.headers.first("Authorization") == signature.authorization)
    }

    @Test func bedrockModelIDIsDoubleEncodedInTheCanonicalURI() throws {
        let signer = SigV4Signer(
            credentials: .init(accessKeyID: "AKIDEXAMPLE", secretAccessKey: Secret("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")),
            region: "us-east-1", service: "bedrock")
        let url = "https://bedrock-runtime.us-east-1.amazonaws.com/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse"
        let signature = try signer.sign(method: "POST", url: url, headers: [HTTPField("Content-Type", "application/json")], body: Array("{}".utf8), date: Self.date)
        let lines = signature.canonicalRequest.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "/model/anthropic.claude-3-haiku-20240307-v1%253A0/converse")
        #expect(lines.contains("host:bedrock-runtime.us-east-1.amazonaws.com"))
        #expect(signature.authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/bedrock/aws4_request, "))
        #expect(signature.authorization.contains("SignedHeaders=content-type;host;x-amz-date,"))
    }

    @Test func contentHashHeaderIsSignedWhenAsked() throws {
        let signer = SigV4Signer(
            credentials: .init(accessKeyID: "AKID", secretAccessKey: Secret("secret")), region: "eu-west-1", service: "bedrock",
            includesContentHashHeader: true)
        let signature = try signer.sign(method: "POST", url: "http://127.0.0.1:8080/x", headers: [], body: [], date: Self.date)
        #expect(signature.headers.first("X-Amz-Content-Sha256") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(signature.canonicalRequest.contains("host:127.0.0.1:8080\n"))
        #expect(signature.authorization.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date,"))
    }

    @Test func uriEncodingKeepsOnlyUnreservedCharacters() {
        #expect(SigV4Signer.uriEncode("a-z_0.9~:/ é") == "a-z_0.9~%3A%2F%20%C3%A9")
        #expect(SigV4Signer.uriEncode("a/b", keepSlash: true) == "a/b")
    }
}

extension Array where Element == String {
    fileprivate var pair: (String, String) { (self[0], count > 1 ? self[1] : "") }
}
