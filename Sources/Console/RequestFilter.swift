import SignalboxCore

/// The request list's filter, as typed after `/`.
///
/// Syntax: whitespace-separated terms, all of which must match (AND).
/// - `word`: case-insensitive substring of the id, provider, model, requested model or status
/// - `provider:NAME`, `model:NAME`, `id:TEXT`: substring of that field only
/// - `status:503`, `status:5xx` (`x` = any digit), `status:live` (in flight), `status:err` (not 2xx)
/// - a leading `-` negates a term (`-status:2xx`)
public struct RequestFilter: Sendable, Hashable {
    enum Field: Sendable, Hashable {
        case any
        case provider
        case model
        case id
        case status
    }

    struct Term: Sendable, Hashable {
        var field: Field
        var value: String
        var negated: Bool
    }

    public let text: String
    let terms: [Term]

    public init(_ text: String) {
        self.text = text
        terms = text.split(whereSeparator: \.isWhitespace).compactMap { raw -> Term? in
            var word = Substring(raw.lowercased())
            let negated = word.hasPrefix("-") && word.count > 1
            if negated { word = word.dropFirst() }
            let fields: [(String, Field)] = [("provider:", .provider), ("model:", .model), ("id:", .id), ("status:", .status)]
            for (prefix, field) in fields where word.hasPrefix(prefix) {
                return Term(field: field, value: String(word.dropFirst(prefix.count)), negated: negated)
            }
            return Term(field: .any, value: String(word), negated: negated)
        }
    }

    public var isEmpty: Bool { terms.isEmpty }

    public func matches(_ row: RequestRow) -> Bool {
        terms.allSatisfy { term in matches(term, row) != term.negated }
    }

    private func matches(_ term: Term, _ row: RequestRow) -> Bool {
        let value = term.value
        switch term.field {
        case .provider: return contains(row.provider, value)
        case .model: return contains(row.model, value) || contains(row.requestedModel, value)
        case .id: return contains(row.id.rawValue, value)
        case .status: return statusMatches(value, row)
        case .any:
            return contains(row.id.rawValue, value) || contains(row.provider, value) || contains(row.model, value)
                || contains(row.requestedModel, value) || row.statusText.contains(value)
        }
    }

    private func statusMatches(_ pattern: String, _ row: RequestRow) -> Bool {
        switch pattern {
        case "", "any": return true
        case "live": return row.isInFlight
        case "err", "error": return row.status.map { !(200..<300).contains($0) } ?? false
        case "gone": return row.clientCancelled
        default:
            guard let status = row.status else { return false }
            let digits = Array(String(status))
            let wanted = Array(pattern)
            guard digits.count == wanted.count else { return false }
            return zip(digits, wanted).allSatisfy { $0 == $1 || $1 == "x" }
        }
    }

    private func contains(_ haystack: String, _ needle: String) -> Bool {
        needle.isEmpty || haystack.lowercased().contains(needle)
    }
}
