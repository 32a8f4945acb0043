import Foundation

/// The `limits:` section (team limits and budgets, the gateway's budget, the completion estimate).
extension ConfigLoader {
    static let rateLimitKeys = ["rpm", "tpm", "rpd", "tpd"]
    static let rateLimitSynonyms = [
        "requests_per_minute": "rpm", "tokens_per_minute": "tpm", "requests_per_day": "rpd", "tokens_per_day": "tpd",
    ]

    static func decodeLimits(_ node: ConfigNode, routes: [String], _ decoder: ConfigDecoder) -> LimitsConfig {
        var limits = LimitsConfig()
        guard
            let mapping = decoder.mapping(
                node, allowed: ["completion_estimate_tokens", "budget", "teams"],
                synonyms: ["global_budget": "budget", "team": "teams", "completion_estimate": "completion_estimate_tokens"])
        else { return limits }
        if let value = mapping["completion_estimate_tokens"],
            let tokens = decoder.int(value, in: 0...10_000_000, hint: "completion tokens reserved for a request without max_tokens")
        {
            limits.completionEstimateTokens = tokens
        }
        if let value = mapping["budget"] { limits.budget = decodeBudget(value, routes: routes, decoder) }
        if let value = mapping["teams"], let elements = decoder.sequence(value) {
            var seen: [String: ConfigNode] = [:]
            for element in elements {
                guard let team = decodeTeam(element, routes: routes, decoder, seen: &seen) else { continue }
                limits.teams.append(team)
            }
        }
        return limits
    }

    private static func decodeTeam(_ node: ConfigNode, routes: [String], _ decoder: ConfigDecoder, seen: inout [String: ConfigNode]) -> TeamPolicy? {
        guard
            let mapping = decoder.mapping(
                node, allowed: ["id", "budget"] + rateLimitKeys, synonyms: rateLimitSynonyms.merging(["name": "id", "team": "id"]) { $1 })
        else { return nil }
        guard let idNode = decoder.required("id", in: mapping, hint: "the team name keys carry (signalbox keys create --team NAME)"),
            let id = decoder.identifier(idNode)
        else { return nil }
        if let first = seen[id] {
            decoder.record(.duplicate("a second team '\(id)'", at: decoder.location(idNode), hint: firstDefined(first)))
            return nil
        }
        seen[id] = idNode
        var team = TeamPolicy(id: id, limits: decodeRateLimits(mapping, decoder))
        if let value = mapping["budget"] { team.budget = decodeBudget(value, routes: routes, decoder) }
        return team
    }

    /// `rpm`, `tpm`, `rpd`, `tpd` of a mapping that may hold other keys too.
    static func decodeRateLimits(_ mapping: ConfigMapping, _ decoder: ConfigDecoder) -> RateLimits {
        func limit(_ key: String) -> Int? {
            mapping[key].flatMap { decoder.int($0, in: 1...Int(Int32.max), hint: "a whole number of \(key.hasPrefix("r") ? "requests" : "tokens")") }
        }
        return RateLimits(requestsPerMinute: limit("rpm"), tokensPerMinute: limit("tpm"), requestsPerDay: limit("rpd"), tokensPerDay: limit("tpd"))
    }

    /// `{ limit_usd: 100, period: monthly, alert_at: [0.5, 0.9], on_exceed: block | downgrade, downgrade_to: ROUTE }`.
    static func decodeBudget(_ node: ConfigNode, routes: [String], _ decoder: ConfigDecoder) -> BudgetPolicy? {
        guard
            let mapping = decoder.mapping(
                node, allowed: ["limit_usd", "period", "alert_at", "on_exceed", "downgrade_to"],
                synonyms: [
                    "limit": "limit_usd", "max_usd": "limit_usd", "usd": "limit_usd", "reset": "period", "alerts": "alert_at",
                    "alert_thresholds": "alert_at", "action": "on_exceed", "downgrade": "downgrade_to",
                ])
        else { return nil }
        let limit = decoder.required("limit_usd", in: mapping, hint: "US dollars per period, e.g. 100").flatMap {
            decoder.double($0, in: 0...1_000_000_000, hint: "US dollars per period, e.g. 100")
        }
        var period = BudgetPeriod.monthly
        if let value = mapping["period"] {
            guard let choice = decoder.choice(value, BudgetPeriod.self) else { return nil }
            period = choice
        }
        var alerts = BudgetPolicy.defaultAlerts
        if let value = mapping["alert_at"] {
            guard let elements = decoder.sequence(value) else { return nil }
            var list: [Double] = []
            for element in elements {
                guard let fraction = decoder.double(element, in: 0.01...1, hint: "a fraction of the limit: 0.8 alerts at 80 %") else { return nil }
                list.append(fraction)
            }
            alerts = list
        }
        var action = BudgetAction.block
        let downgradeRoute = mapping["downgrade_to"].flatMap { node -> String? in
            guard let route = decoder.string(node) else { return nil }
            guard routes.contains(route) else {
                decoder.record(
                    .undefinedReference(
                        "route '\(route)' is not defined", at: decoder.location(node),
                        hint: referenceHint(route, among: routes, kind: "routes", section: "models")))
                return nil
            }
            return route
        }
        if let value = mapping["on_exceed"], let choice = decoder.choice(value, ExceedChoice.self) {
            switch choice {
            case .block:
                if let node = mapping["downgrade_to"] {
                    decoder.record(
                        .invalidValue(
                            "downgrade_to is set but on_exceed is block", at: decoder.location(node),
                            hint: "set on_exceed: downgrade to send requests over the budget to that route"))
                }
            case .downgrade:
                guard mapping.contains("downgrade_to") else {
                    decoder.record(
                        .missingKey(
                            "downgrade_to",
                            at: ConfigSourceLocation(
                                file: decoder.file, line: mapping.node.line, column: mapping.node.column,
                                keyPath: mapping.node.path(key: "downgrade_to")),
                            hint: "the (cheaper) route that serves requests once the budget is used up"))
                    return nil
                }
                guard let downgradeRoute else { return nil }
                action = .downgrade(route: downgradeRoute)
            }
        } else if mapping["on_exceed"] == nil, let node = mapping["downgrade_to"] {
            decoder.record(
                .invalidValue(
                    "downgrade_to needs on_exceed: downgrade", at: decoder.location(node),
                    hint: "without it a used-up budget blocks requests"))
        }
        guard let limit else { return nil }
        let micros = Decimal(usd: limit).microdollars
        return BudgetPolicy(limitMicros: micros, period: period, alertAt: alerts, onExceed: action)
    }

    private enum ExceedChoice: String, CaseIterable {
        case block, downgrade
    }
}
