import Engine
import Hummingbird
import SignalboxCore

/// `/admin/v1/requests`: recent requests for viewers, replay for operators (through the control
/// plane, which audits it).
extension AdminAPI {
    func registerRequests(on api: RouterGroup<AdminRequestContext>) {
        let requests = backends.requests
        api.get("requests") { request, context in
            _ = try Self.require(.viewer, context)
            let limit = try Self.query("limit", request, in: 1...max(1, requests.capacity), default: min(50, max(1, requests.capacity)))
            return AdminRequestList(requests: try await requests.recent(limit: limit).map(AdminRequestSummary.init))
        }
        api.get("requests/:request") { _, context in
            _ = try Self.require(.viewer, context)
            return AdminRequestDetail(try await existingRequest(context))
        }
        api.post("requests/:request/replay") { request, context in
            let identity = try Self.require(.operator, context)
            let original = try await existingRequest(context)
            let body = try await AdminJSONBody.decode(AdminReplayBody.self, from: request, context: context, fields: AdminReplayBody.fields)
            if let provider = body.provider, !controlPlane.providers().contains(where: { $0.id == provider }) {
                throw AdminAPIError.badRequest("No provider '\(provider)' to replay on.")
            }
            let command = OperatorCommand.replay(original.id, provider: body.provider)
            let outcome = await controlPlane.execute(command, actor: identity.actor, role: identity.role)
            switch outcome {
            case .replayed(let result):
                return AdminReplayResult(
                    action: command.auditAction, target: command.auditTarget, outcome: "done", message: outcome.summary,
                    original: AdminRequestSummary(result.original), replay: AdminRequestDetail(result.replay))
            case .done(let message), .refused(let message):
                throw AdminAPIError.conflict(message)
            }
        }
    }

    private func existingRequest(_ context: AdminRequestContext) async throws -> RecordedExchange {
        let id = try Self.parameter("request", context)
        guard let exchange = try await backends.requests.exchange(RequestID(rawValue: id)) else {
            throw AdminAPIError.notFound("No recorded request '\(id)': only the last \(backends.requests.capacity) requests are kept.")
        }
        return exchange
    }
}
