import Engine
import Foundation
import Hummingbird
import SignalboxCore
import Store

/// `/admin/v1/virtual-keys`: listed by viewers, changed by admins. Each change and its audit entry
/// commit in one transaction; the gateway's accepted keys are reloaded before the answer, so a new
/// key authenticates (and a revoked one is refused) on the proxy at once.
extension AdminAPI {
    func registerVirtualKeys(on api: RouterGroup<AdminRequestContext>) {
        api.get("virtual-keys") { _, context in
            _ = try Self.require(.viewer, context)
            let keys = try await store().keys.list()
            return AdminVirtualKeyList(virtualKeys: keys.map { AdminVirtualKeyView($0) })
        }
        api.get("virtual-keys/:key") { _, context in
            _ = try Self.require(.viewer, context)
            return AdminVirtualKeyView(try await existingVirtualKey(context, in: try store()))
        }
        api.post("virtual-keys") { request, context in
            let identity = try Self.require(.admin, context)
            let store = try store()
            let body = try await AdminJSONBody.decode(
                AdminCreateVirtualKeyBody.self, from: request, context: context, fields: AdminCreateVirtualKeyBody.fields)
            let draft = try Self.draft(from: body, now: Date(), routes: backends.routeNames)
            let created = try await store.keys.create(draft, auditedAs: Self.author(identity))
            await backends.reloadKeys()
            let issued = AdminIssuedKey(virtualKey: AdminVirtualKeyView(created.key), secret: created.secret.reveal())
            return EditedResponse(status: .created, response: issued)
        }
        api.post("virtual-keys/:key/revoke") { _, context in
            let identity = try Self.require(.admin, context)
            let store = try store()
            let key = try await existingVirtualKey(context, in: store)
            guard key.revokedAt == nil else { throw AdminAPIError.conflict("Virtual key \(key.id) is already revoked.") }
            let revoked = try await Self.mapStoreErrors { try await store.keys.revoke(id: key.id, auditedAs: Self.author(identity)) }
            await backends.reloadKeys()
            return AdminVirtualKeyView(revoked)
        }
        for (verb, enabled) in [("enable", true), ("disable", false)] {
            api.post("virtual-keys/:key/\(verb)") { _, context in
                let identity = try Self.require(.admin, context)
                let store = try store()
                let key = try await existingVirtualKey(context, in: store)
                guard key.revokedAt == nil else { throw AdminAPIError.conflict("Virtual key \(key.id) is revoked; it cannot be \(verb)d.") }
                let changed = try await Self.mapStoreErrors { try await store.keys.setEnabled(id: key.id, enabled, auditedAs: Self.author(identity)) }
                await backends.reloadKeys()
                return AdminVirtualKeyView(changed)
            }
        }
        api.post("virtual-keys/:key/limits") { request, context in
            let identity = try Self.require(.admin, context)
            let store = try store()
            let key = try await existingVirtualKey(context, in: store)
            let body = try await AdminJSONBody.decode(AdminGovernanceBody.self, from: request, context: context, fields: AdminGovernanceBody.fields)
            let (limits, routeLimits, budget) = try body.parsed(routes: backends.routeNames)
            let changed = try await Self.mapStoreErrors {
                try await store.keys.setGovernance(
                    id: key.id, limits: limits, routeLimits: routeLimits, budget: budget, auditedAs: Self.author(identity))
            }
            await backends.reloadKeys()
            return AdminVirtualKeyView(changed)
        }
        api.post("virtual-keys/:key/rotate") { request, context in
            let identity = try Self.require(.admin, context)
            let store = try store()
            let key = try await existingVirtualKey(context, in: store)
            let body = try await AdminJSONBody.decode(
                AdminRotateVirtualKeyBody.self, from: request, context: context, fields: AdminRotateVirtualKeyBody.fields)
            let grace = body.graceSeconds ?? 0
            guard (0...2_592_000).contains(grace) else { throw AdminAPIError.badRequest("grace_seconds must be from 0 to 2592000 (30 days).") }
            guard key.revokedAt == nil else { throw AdminAPIError.conflict("Virtual key \(key.id) is revoked; it cannot be rotated.") }
            let rotated = try await Self.mapStoreErrors {
                try await store.keys.rotate(id: key.id, grace: .seconds(grace), auditedAs: Self.author(identity))
            }
            await backends.reloadKeys()
            return AdminIssuedKey(
                virtualKey: AdminVirtualKeyView(rotated.key), secret: rotated.secret.reveal(),
                previousSecretValidUntil: grace > 0 ? Date().addingTimeInterval(Double(grace)) : nil)
        }
    }

    static func author(_ identity: AdminIdentity) -> AuditActor {
        AuditActor(actor: identity.actor, role: identity.role.rawValue)
    }

    private func existingVirtualKey(_ context: AdminRequestContext, in store: AdminStore) async throws -> VirtualKey {
        let id = try Self.parameter("key", context)
        guard let key = try await store.keys.key(id: id) else { throw AdminAPIError.notFound("No virtual key '\(id)'.") }
        return key
    }

    /// Store refusals as API errors: an id gone meanwhile is a 404, a key revoked meanwhile a 409.
    private static func mapStoreErrors<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError where error.isUnknownKey {
            throw AdminAPIError.notFound(error.message)
        } catch let error as StoreError where error.isKeyRevoked {
            throw AdminAPIError.conflict(error.message)
        }
    }

    /// The store draft for a create request, with every field checked.
    static func draft(from body: AdminCreateVirtualKeyBody, now: Date, routes routeNames: Set<String>) throws -> VirtualKeyDraft {
        let name = body.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw AdminAPIError.badRequest("name must not be empty.") }
        let routes = (body.allowedRoutes ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !routes.contains(where: \.isEmpty) else { throw AdminAPIError.badRequest("allowed_routes must not hold empty names.") }
        var expiresAt: Date?
        if let text = body.expiresAt {
            guard let date = parseRFC3339(text) else {
                throw AdminAPIError.badRequest("expires_at must be an RFC 3339 time such as 2026-01-31T00:00:00Z, got '\(text)'.")
            }
            guard date > now else { throw AdminAPIError.badRequest("expires_at (\(text)) is in the past.") }
            expiresAt = date
        }
        let (limits, routeLimits, budget) = try body.governance.parsed(routes: routeNames)
        return VirtualKeyDraft(
            name: name, owner: body.owner, team: body.team, allowedRoutes: routes, expiresAt: expiresAt, metadata: body.metadata ?? [:],
            limits: limits, routeLimits: routeLimits, budget: budget)
    }

    static func parseRFC3339(_ text: String) -> Date? {
        if let date = try? Date(text, strategy: .iso8601) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}
