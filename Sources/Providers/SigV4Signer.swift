import Crypto
public import Foundation
public import SignalboxCore

/// AWS Signature Version 4 for one request, with the `Authorization` header form.
/// Pure: the time comes in as an argument. Verified against AWS's published SigV4 test suite
/// (Tests/ProvidersTests/Fixtures/sigv4).
/// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
public struct SigV4Signer: Sendable {
    public struct Credentials: Sendable, Hashable {
        public var accessKeyID: String
        public var secretAccessKey: Secret
        /// Temporary credentials' session token, sent (and signed) as `X-Amz-Security-Token`.
        public var sessionToken: Secret?

        public init(accessKeyID: String, secretAccessKey: Secret, sessionToken: Secret? = nil) {
            self.accessKeyID = accessKeyID
            self.secretAccessKey = secretAccessKey
            self.sessionToken = sessionToken
        }
    }

    /// Every intermediate step, so tests can compare each with the published vectors.
    public struct Signature: Sendable, Hashable {
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var authorization: String
        /// The headers to add to the request: `X-Amz-Date`, `X-Amz-Security-Token` and
        /// `X-Amz-Content-Sha256` when they apply, and `Authorization`.
        public var headers: [HTTPField]
    }

    public var credentials: Credentials
    public var region: String
    public var service: String
    /// Adds (and signs) `X-Amz-Content-Sha256`, which S3 requires and other services accept.
    public var includesContentHashHeader: Bool

    public init(credentials: Credentials, region: String, service: String, includesContentHashHeader: Bool = false) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.includesContentHashHeader = includesContentHashHeader
    }

    /// Signs a request. `headers` are the headers to sign (`Host` is taken from the URL when
    /// absent; any `X-Amz-Date` or `X-Amz-Security-Token` given is replaced). `url` is the URL
    /// exactly as it will be sent (path already percent-encoded).
    public func sign(method: String, url: String, headers: [HTTPField], body: [UInt8], date: Date) throws -> Signature {
        guard let components = URLComponents(string: url), let host = components.host, !host.isEmpty else {
            throw GatewayError.invalidRequest("Cannot sign a request for the malformed URL '\(url)'.")
        }
        let (amzDate, day) = Self.timestamps(date)
        let payloadHash = Self.hex(SHA256.hash(data: body))

        var signed: [(name: String, value: String)] = headers.compactMap { field in
            let name = field.name.lowercased()
            return name == "x-amz-date" || name == "x-amz-security-token" || name == "x-amz-content-sha256" ? nil : (name, field.value)
        }
        if !signed.contains(where: { $0.name == "host" }) {
            signed.append(("host", Self.hostHeader(components, host: host)))
        }
        var added: [HTTPField] = [HTTPField("X-Amz-Date", amzDate)]
        signed.append(("x-amz-date", amzDate))
        if let token = credentials.sessionToken, !token.isEmpty {
            added.append(HTTPField("X-Amz-Security-Token", token.reveal()))
            signed.append(("x-amz-security-token", token.reveal()))
        }
        if includesContentHashHeader {
            added.append(HTTPField("X-Amz-Content-Sha256", payloadHash))
            signed.append(("x-amz-content-sha256", payloadHash))
        }

        // Canonical headers: lowercase names, sorted; values trimmed with inner runs of spaces
        // collapsed; repeated names joined with commas in their order.
        var grouped: [String: [String]] = [:]
        for (name, value) in signed {
            grouped[name, default: []].append(Self.trimmedHeaderValue(value))
        }
        let names = grouped.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(grouped[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")

        let canonicalRequest = [
            method.uppercased(),
            Self.canonicalURI(components.percentEncodedPath),
            Self.canonicalQuery(components.percentEncodedQuery),
            canonicalHeaders,
            signedHeaders,
            payloadHash,
        ].joined(separator: "\n")
        let scope = "\(day)/\(region)/\(service)/aws4_request"
        let stringToSign = [
            "AWS4-HMAC-SHA256", amzDate, scope, Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8))),
        ].joined(separator: "\n")

        let key = signingKey(day: day)
        let signature = Self.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        let authorization =
            "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
        added.append(HTTPField("Authorization", authorization))
        return Signature(
            canonicalRequest: canonicalRequest, stringToSign: stringToSign, signature: signature, authorization: authorization,
            headers: added)
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, day), region), service), "aws4_request").
    private func signingKey(day: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey.reveal()).utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    static func hex(_ digest: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = []
        for byte in digest {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `X-Amz-Date` (`20150830T123600Z`) and the scope's day (`20150830`), in UTC.
    static func timestamps(_ date: Date) -> (amzDate: String, day: String) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Civil date from days since the epoch (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let dayText = pad(year, 4) + pad(month, 2) + pad(day, 2)
        let time = pad(secondOfDay / 3600, 2) + pad(secondOfDay / 60 % 60, 2) + pad(secondOfDay % 60, 2)
        return (dayText + "T" + time + "Z", dayText)
    }

    /// The `Host` value the HTTP client will send: the port only when it is not the scheme's default.
    static func hostHeader(_ components: URLComponents, host: String) -> String {
        guard let port = components.port else { return host }
        let scheme = components.scheme?.lowercased()
        if (scheme == "https" && port == 443) || (scheme == "http" && port == 80) { return host }
        return "\(host):\(port)"
    }

    private static func trimmedHeaderValue(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
    }
}
