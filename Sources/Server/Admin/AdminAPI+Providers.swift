import Engine
import Hummingbird
import SignalboxCore

/// `/admin/v1/providers`: state for viewers; pause, resume, rotate and breakers for operators, all
/// through the control plane (which audits them).
extension AdminAPI {
    func registerProviders(on api: RouterGroup<AdminRequestContext>) {
        let controlPlane = self.controlPlane
        api.get("providers") { _, context in
            _ = try Self.require(.viewer, context)
            return AdminProviderList(providers: controlPlane.providers().map { AdminProviderView($0, breakers: controlPlane.breakers(of: $0.id)) })
        }
        for (verb, paused) in [("pause", true), ("resume", false)] {
            api.post("providers/:provider/\(verb)") { _, context in
                let identity = try Self.require(.operator, context)
                let provider = try existingProvider(context)
                return try await run(paused ? .pauseProvider(provider.id) : .resumeProvider(provider.id), by: identity)
            }
            api.post("providers/:provider/keys/:key/\(verb)") { _, context in
                let identity = try Self.require(.operator, context)
                let (provider, key) = try existingKey(context)
                return try await run(paused ? .pauseKey(provider: provider, key: key) : .resumeKey(provider: provider, key: key), by: identity)
            }
        }
        api.post("providers/:provider/keys/:key/rotate") { request, context in
            let identity = try Self.require(.operator, context)
            let (provider, key) = try existingKey(context)
            let body = try await AdminJSONBody.decode(
                AdminRotateProviderKeyBody.self, from: request, context: context, fields: AdminRotateProviderKeyBody.fields)
            let secret = try newSecret(body.secret)
            if let grace = body.graceSeconds, !(0...86_400).contains(grace) {
                throw AdminAPIError.badRequest("grace_seconds must be from 0 to 86400.")
            }
            return try await run(.rotateKey(provider: provider, key: key, newSecret: secret, graceSeconds: body.graceSeconds), by: identity)
        }
        api.post("providers/:provider/breakers/reset") { _, context in
            let identity = try Self.require(.operator, context)
            return try await run(.resetBreakers(provider: try existingProvider(context).id), by: identity)
        }
        api.post("providers/:provider/breakers/open") { _, context in
            let identity = try Self.require(.operator, context)
            return try await run(.openBreakers(provider: try existingProvider(context).id), by: identity)
        }
    }

    /// Executes `command` through the control plane for `identity`; a refusal is a 409 with the
    /// control plane's reason (unknown ids are 404s before this point).
    func run(_ command: OperatorCommand, by identity: AdminIdentity) async throws -> AdminActionResult {
        let outcome = await controlPlane.execute(command, actor: identity.actor, role: identity.role)
        switch outcome {
        case .done(let message):
            return AdminActionResult(action: command.auditAction, target: command.auditTarget, outcome: "done", message: message)
        case .replayed:
            return AdminActionResult(action: command.auditAction, target: command.auditTarget, outcome: "done", message: outcome.summary)
        case .refused(let reason):
            throw AdminAPIError.conflict(reason)
        }
    }

    private func existingProvider(_ context: AdminRequestContext) throws -> ProviderSnapshot {
        let id = try Self.parameter("provider", context)
        guard let provider = controlPlane.providers().first(where: { $0.id == id }) else {
            throw AdminAPIError.notFound("No provider '\(id)'.")
        }
        return provider
    }

    private func existingKey(_ context: AdminRequestContext) throws -> (provider: String, key: String) {
        let provider = try existingProvider(context)
        let key = try Self.parameter("key", context)
        guard provider.keys.contains(where: { $0.id == key }) else {
            throw AdminAPIError.notFound("Provider '\(provider.id)' has no key '\(key)'.")
        }
        return (provider.id, key)
    }

    /// The new provider secret: typed, or read by the gateway from `env:NAME` / `file:/path`.
    private func newSecret(_ text: String) throws -> Secret {
        guard let source = SecretSource(reference: text) else {
            guard !text.isEmpty else { throw AdminAPIError.badRequest("secret must not be empty.") }
            guard !text.contains(where: \.isNewline) else { throw AdminAPIError.badRequest("secret must be one line.") }
            return Secret(text)
        }
        switch source.readSecret(environment: environment) {
        case .success(let secret): return secret
        case .failure(let error): throw AdminAPIError.badRequest("Cannot read the new secret: \(error.message).")
        }
    }
}
