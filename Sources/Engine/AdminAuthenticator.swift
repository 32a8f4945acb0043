public import SignalboxCore

/// Decides who presents an admin API token (`admin.tokens`). Like `KeyAuthenticator`: only the
/// SHA-256 of each configured secret is kept, a presented token costs one hash and one dictionary
/// lookup, and the decision compares hashes in constant time. Tokens are never logged or echoed.
public struct AdminAuthenticator: Sendable {
    /// Why a request has no identity.
    public enum Refusal: Error, Sendable, Hashable {
        /// `admin.tokens` is empty: nobody can use the admin API.
        case noTokensConfigured
        case missingToken
        case unknownToken
    }

    /// Identities by the SHA-256 of their token (`SecretDigest`: its equality is constant-time).
    private let identities: [SecretDigest: AdminIdentity]

    public init(tokens: [AdminTokenConfig]) {
        var identities: [SecretDigest: AdminIdentity] = [:]
        for token in tokens {
            identities[SecretDigest(hashing: token.secret.reveal())] = AdminIdentity(id: token.id, role: token.role)
        }
        self.identities = identities
    }

    public var isEnabled: Bool { !identities.isEmpty }

    /// The holder of the bearer token in `headers` (`Authorization: Bearer …`).
    public func authenticate(_ headers: [HTTPField]) -> Result<AdminIdentity, Refusal> {
        guard isEnabled else { return .failure(.noTokensConfigured) }
        guard let authorization = headers.first("authorization"), let token = KeyAuthenticator.presentedSecret([HTTPField("authorization", authorization)])
        else { return .failure(.missingToken) }
        guard let identity = identities[SecretDigest(hashing: token)] else { return .failure(.unknownToken) }
        return .success(identity)
    }
}
