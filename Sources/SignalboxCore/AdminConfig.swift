/// The `admin:` section: who may call the admin API (`/admin/v1/*` on `server.admin_listen`).
/// Without tokens the admin API answers 401 to everything and the admin listener stays on loopback.
public struct AdminConfig: Sendable, Hashable {
    public var tokens: [AdminTokenConfig]

    public init(tokens: [AdminTokenConfig] = []) {
        self.tokens = tokens
    }
}
