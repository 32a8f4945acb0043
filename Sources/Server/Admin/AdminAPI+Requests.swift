import Engine
import Hummingbird
import Foundation
import SignalboxCore
import Store

/// `/admin/v1/requests`: recent requests for viewers, replay for operators (through the control
/// plane, which audits it).
extension AdminAPI {
    func registerRequests(on api: RouterGroup<AdminRequestContext>) {
        let requests = backends.requests
        let log = backends.requestLog
        api.get("requests") { request, context in
            _ = try Self.require(.viewer, context)
            if let log {
                let query = try Self.requestLogQuery(request)
                // Rows are written in batches: wait for the queued ones, so what was answered is found.
                await backends.flushStore()
                let page = try await log.search(query)
                return AdminRequestList(requests: page.records.map(AdminRequestSummary.init), next: page.next?.text)
            }
            if let filter = Self.requestLogFilters.first(where: { request.uri.queryParameters[Substring($0)] != nil }) {
                throw AdminAPIError.badRequest(
                    "Searching by '\(filter)' needs the request log (a store opened by server.auth: virtual_keys or admin.tokens, and request_log.enabled).")
            }
            let limit = try Self.query("limit", request, in: 1...max(1, requests.capacity), default: min(50, max(1, requests.capacity)))
            return AdminRequestList(requests: try await requests.recent(limit: limit).map(AdminRequestSummary.init))
        }
        api.get("requests/:request") { request, context -> Response in
            _ = try Self.require(.viewer, context)
            let id = try Self.parameter("request", context)
            // The ring has headers and attempts; the log has what is older.
            if let exchange = try await requests.exchange(RequestID(rawValue: id)) {
                return try AdminRequestDetail(exchange).response(from: request, context: context)
            }
            if log != nil { await backends.flushStore() }
            if let record = try await log?.record(requestID: id) {
                return try AdminRequestLogDetail(record).response(from: request, context: context)
            }
            throw AdminAPIError.notFound("No recorded request '\(id)': it is neither in the request log nor among the last \(requests.capacity) requests kept in memory.")
        }
        api.post("requests/:request/replay") { request, context in
            let identity = try Self.require(.operator, context)
            let original = try await existingRequest(context)
            let body = try await AdminJSONBody.decode(AdminReplayBody.self, from: request, context: context, fields: AdminReplayBody.fields)
            if let provider = body.provider, !controlPlane.providers().contains(where: { $0.id == provider }) {
                throw AdminAPIError.badRequest("No provider '\(provider)' to replay on.")
            }
            let command = OperatorCommand.replay(original, provider: body.provider)
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

    /// The id of a request that can be looked for: in the in-memory ring, else in the request log
    /// (whether it can be replayed from there is the control plane's call, which says why not).
    private func existingRequest(_ context: AdminRequestContext) async throws -> SignalboxCore.RequestID {
        let id = try Self.parameter("request", context)
        if try await backends.requests.exchange(RequestID(rawValue: id)) != nil { return RequestID(rawValue: id) }
        if let log = backends.requestLog {
            await backends.flushStore()
            if try await log.record(requestID: id) != nil { return RequestID(rawValue: id) }
        }
        throw AdminAPIError.notFound(
            "No recorded request '\(id)': it is neither among the last \(backends.requests.capacity) requests kept in memory nor in the request log.")
    }

    static let requestLogFilters = ["key", "route", "provider", "status", "since", "until", "min_latency_ms", "max_latency_ms", "min_cost_usd", "before"]

    /// `key`, `route`, `provider`, `status` (`429` or a class: `5xx`), `since`/`until` (RFC 3339 or
    /// milliseconds since 1970), `min_latency_ms`, `max_latency_ms`, `min_cost_usd`, `before` (the
    /// `next` of the previous page), `limit` (1–1000, default 50).
    static func requestLogQuery(_ request: Request) throws -> RequestLogQuery {
        let parameters = request.uri.queryParameters
        func text(_ name: String) -> String? { parameters[Substring(name)].map(String.init) }
        func number(_ name: String) throws -> Double? {
            guard let value = text(name) else { return nil }
            guard let number = Double(value), number >= 0, number.isFinite else {
                throw AdminAPIError.badRequest("Query parameter '\(name)' must be a non-negative number, got '\(value)'.")
            }
            return number
        }
        func time(_ name: String) throws -> Int64? {
            guard let value = text(name) else { return nil }
            if let ms = Int64(value) { return ms }
            if let date = try? Date(value, strategy: .iso8601) { return date.milliseconds }
            throw AdminAPIError.badRequest("Query parameter '\(name)' must be an RFC 3339 time (2026-11-26T10:00:00Z) or milliseconds since 1970.")
        }
        var query = RequestLogQuery(
            keyID: text("key"), route: text("route"), provider: text("provider"), fromMs: try time("since"), untilMs: try time("until"),
            minLatencyMs: try number("min_latency_ms"), maxLatencyMs: try number("max_latency_ms"),
            minCostMicros: try number("min_cost_usd").map { (Decimal($0) * 1_000_000 as NSDecimalNumber).int64Value },
            limit: try query("limit", request, in: 1...1_000, default: 50))
        if let status = text("status") {
            let lower = status.lowercased()
            if lower.count == 3, lower.hasSuffix("xx"), let digit = Int(lower.prefix(1)), (1...5).contains(digit) {
                query.statusClass = digit
            } else if let code = Int(status), (100...599).contains(code) {
                query.status = code
            } else {
                throw AdminAPIError.badRequest("Query parameter 'status' must be a status (429) or a class (5xx), got '\(status)'.")
            }
        }
        if let before = text("before") {
            guard let cursor = RequestLogCursor(text: before) else {
                throw AdminAPIError.badRequest("Query parameter 'before' must be the 'next' value of a previous page.")
            }
            query.before = cursor
        }
        return query
    }
}
