public import SignalboxCore

extension AuditEntry {
    /// The entry as the console lists it: details flattened to `name=value` pairs in name order,
    /// the outcome taken out (`done` when the entry has none: key changes are written only when made).
    public var summary: OperatorAuditEntrySummary {
        let outcome = details["outcome"]?.stringValue ?? "done"
        let pairs = details.keys.sorted().filter { $0 != "outcome" }.map { "\($0)=\(Self.text(details[$0] ?? .null))" }
        return OperatorAuditEntrySummary(
            sequence: id, timestampMs: time.milliseconds, actor: actor, role: role, action: action, target: target,
            details: pairs.joined(separator: " "), outcome: outcome)
    }

    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): flag ? "true" : "false"
        case .number(let number):
            number.rounded() == number && abs(number) < 1e15 ? String(Int64(number)) : String(number)
        case .string(let string): string
        case .array(let items): items.map(text).joined(separator: ",")
        case .object(let object): "{" + object.keys.sorted().map { "\($0)=\(text(object[$0] ?? .null))" }.joined(separator: " ") + "}"
        }
    }
}
