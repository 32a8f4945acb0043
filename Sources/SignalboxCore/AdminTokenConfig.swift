/// `admin.tokens[]`: a bearer token for the admin API, with the role its holder acts with.
public struct AdminTokenConfig: Sendable, Hashable {
    /// Names the holder in the audit log (`admin:<id>`) and in `whoami`; never secret.
    public var id: String
    public var role: AdminRole
    public var secret: Secret

    public init(id: String, role: AdminRole, secret: Secret) {
        self.id = id
        self.role = role
        self.secret = secret
    }
}
