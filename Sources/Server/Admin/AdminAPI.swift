import Engine
import Foundation
import Hummingbird
import SignalboxCore
import Store

/// The admin API (`/admin/v1/*`): reads for viewers, runtime changes through the `ControlPlane` for
/// operators, virtual keys for admins. Every change is audited — control-plane commands by the
/// control plane itself, key changes in the same store transaction as the change.
struct AdminAPI: Sendable {
    let controlPlane: ControlPlane
    let backends: AdminBackends
    let environment: [String: String]

    func register(on router: Router<AdminRequestContext>) {
        let api = router.group("admin/v1")
        api.get("whoami") { _, context in
            let identity = try Self.require(.viewer, context)
            return AdminWhoAmI(id: identity.id, role: identity.role.rawValue)
        }
        registerProviders(on: api)
        registerVirtualKeys(on: api)
        registerRequests(on: api)
        registerAudit(on: api)
        registerBudgets(on: api)
        registerCache(on: api)
    }

    /// The caller's identity when its role includes `role`; 403 naming both roles otherwise.
    static func require(_ role: AdminRole, _ context: AdminRequestContext) throws -> AdminIdentity {
        guard let identity = context.identity else { throw AdminAPIError.missingToken }
        guard identity.role.includes(role) else {
            throw AdminAPIError.forbidden(id: identity.id, role: identity.role.rawValue, required: role.rawValue)
        }
        return identity
    }

    /// A path parameter the route guarantees.
    static func parameter(_ name: String, _ context: AdminRequestContext) throws -> String {
        guard let value = context.parameters.get(name) else { throw AdminAPIError.badRequest("Missing path parameter '\(name)'.") }
        return value
    }

    /// An integer query parameter within `range`, or `fallback` when absent.
    static func query(_ name: String, _ request: Request, in range: ClosedRange<Int>, default fallback: Int) throws -> Int {
        guard let text = request.uri.queryParameters[Substring(name)] else { return fallback }
        guard let value = Int(text), range.contains(value) else {
            throw AdminAPIError.badRequest("Query parameter '\(name)' must be an integer from \(range.lowerBound) to \(range.upperBound).")
        }
        return value
    }

    /// The store, or 503 saying why there is none.
    func store() throws -> AdminStore {
        guard let database = backends.database else { throw AdminAPIError.storeUnavailable(backends.storeUnavailableReason) }
        return AdminStore(database: database)
    }
}
