/// A Google service-account key, as in the JSON key file the Cloud console or
/// `gcloud iam service-accounts keys create` writes. Signalbox signs short-lived JWTs with it and
/// exchanges them for OAuth access tokens (vertex providers).
/// https://cloud.google.com/iam/docs/keys-create-delete
public struct ServiceAccountKey: Sendable, Hashable, Codable {
    /// The service account's email address: the JWT's issuer.
    public var clientEmail: String
    /// Names the key pair; sent as the JWT header's `kid`.
    public var privateKeyID: String
    /// The RSA private key, PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    public var privateKeyPEM: Secret
    /// The OAuth token endpoint, e.g. `https://oauth2.googleapis.com/token`; also the JWT's audience.
    public var tokenURI: String
    /// The project the service account belongs to; a vertex provider's `project` defaults to it.
    public var projectID: String?

    public init(clientEmail: String, privateKeyID: String, privateKeyPEM: Secret, tokenURI: String, projectID: String? = nil) {
        self.clientEmail = clientEmail
        self.privateKeyID = privateKeyID
        self.privateKeyPEM = privateKeyPEM
        self.tokenURI = tokenURI
        self.projectID = projectID
    }

    /// The key file's own field names (the file also holds `type`, `client_id`, `auth_uri`, … which
    /// are not needed here).
    enum CodingKeys: String, CodingKey {
        case clientEmail = "client_email"
        case privateKeyID = "private_key_id"
        case privateKeyPEM = "private_key"
        case tokenURI = "token_uri"
        case projectID = "project_id"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        clientEmail = try container.decode(String.self, forKey: .clientEmail)
        privateKeyID = try container.decode(String.self, forKey: .privateKeyID)
        privateKeyPEM = Secret(try container.decode(String.self, forKey: .privateKeyPEM))
        tokenURI = try container.decode(String.self, forKey: .tokenURI)
        projectID = try container.decodeIfPresent(String.self, forKey: .projectID)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(clientEmail, forKey: .clientEmail)
        try container.encode(privateKeyID, forKey: .privateKeyID)
        try container.encode(privateKeyPEM.reveal(), forKey: .privateKeyPEM)
        try container.encode(tokenURI, forKey: .tokenURI)
        try container.encodeIfPresent(projectID, forKey: .projectID)
    }
}

extension ServiceAccountKey: CustomStringConvertible {
    /// Never the private key.
    public var description: String { "ServiceAccountKey(\(clientEmail), key id \(privateKeyID))" }
}
