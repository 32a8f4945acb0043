import Foundation
import Yams

/// Reads typed values out of YAML nodes for `ConfigLoader`. Every read that fails records a
/// `ConfigError` and returns nil (or the caller falls back to a default), so one pass over the file
/// reports every problem in it. One decoder is used for one parse, on one thread.
final class ConfigDecoder {
    let file: String
    let environment: [String: String]
    private(set) var errors: [ConfigError] = []

    init(file: String, environment: [String: String]) {
        self.file = file
        self.environment = environment
    }

    func record(_ error: ConfigError) { errors.append(error) }

    func location(_ node: ConfigNode) -> ConfigSourceLocation { node.location(file: file) }

    // MARK: - Structure

    /// The node as a mapping whose keys are all in `allowed` (any key when `allowed` is nil). Unknown keys
    /// are reported (with the closest allowed key as a suggestion, or a `synonyms` entry for common
    /// mistakes) and left out. A null node (`server:` with nothing after it) is an empty mapping. Keys
    /// starting with `ignoringPrefix` are skipped (the top level allows `x-…` keys to hold YAML anchors).
    func mapping(
        _ node: ConfigNode, allowed: [String]?, synonyms: [String: String] = [:], ignoringPrefix: String? = nil
    ) -> ConfigMapping? {
        if node.isNull { return ConfigMapping(node: node, entries: []) }
        guard case .mapping(let mapping) = node.node else {
            let expected = allowed.map { "a mapping with keys \(Self.list($0))" } ?? "a mapping"
            record(.wrongType(expected: expected, got: node.gotDescription, at: location(node)))
            return nil
        }
        var entries: [ConfigMapping.Entry] = []
        var merged: [ConfigMapping.Entry] = []
        var suggested: Set<String> = []
        for (keyYAML, valueYAML) in mapping {
            let keyNode = ConfigNode(keyYAML, keyPath: node.keyPath)
            if keyNode.isMergeKey {
                merged += mergeEntries(ConfigNode(valueYAML, keyPath: node.keyPath), allowed: allowed, synonyms: synonyms)
                continue
            }
            guard let key = keyNode.rawScalar, !keyNode.isNull else {
                record(.wrongType(expected: "a key name", got: keyNode.gotDescription, at: location(keyNode)))
                continue
            }
            if let ignoringPrefix, key.hasPrefix(ignoringPrefix) { continue }
            let keyed = ConfigNode(keyYAML, keyPath: node.path(key: key))
            if let allowed, !allowed.contains(key) {
                let suggestion = Self.suggestedKey(for: key, among: allowed, synonyms: synonyms)
                if let suggestion { suggested.insert(suggestion) }
                let hint = suggestion.map { "did you mean '\($0)'?" } ?? "allowed keys here: \(allowed.joined(separator: ", "))"
                record(.unknownKey(key, at: location(keyed), hint: hint))
                continue
            }
            entries.append(ConfigMapping.Entry(key: key, keyNode: keyed, value: ConfigNode(valueYAML, keyPath: keyed.keyPath)))
        }
        // Keys written in the mapping win over merged ones (YAML merge semantics); earlier merge sources win over later ones.
        for entry in merged where !entries.contains(where: { $0.key == entry.key }) {
            entries.append(entry)
        }
        return ConfigMapping(node: node, entries: entries, suggested: suggested)
    }

    /// The entries a `<<:` merge brings in: one mapping or a list of mappings.
    private func mergeEntries(_ node: ConfigNode, allowed: [String]?, synonyms: [String: String]) -> [ConfigMapping.Entry] {
        let sources: [ConfigNode]
        switch node.node {
        case .mapping: sources = [node]
        case .sequence(let sequence): sources = sequence.map { ConfigNode($0, keyPath: node.keyPath) }
        default:
            record(.wrongType(expected: "a mapping or a list of mappings to merge", got: node.gotDescription, at: location(node)))
            return []
        }
        var entries: [ConfigMapping.Entry] = []
        for source in sources {
            guard case .mapping = source.node else {
                record(.wrongType(expected: "a mapping to merge", got: source.gotDescription, at: location(source)))
                continue
            }
            for entry in mapping(source, allowed: allowed, synonyms: synonyms)?.entries ?? []
            where !entries.contains(where: { $0.key == entry.key }) {
                entries.append(entry)
            }
        }
        return entries
    }

    /// The value of `key`, or a "missing required key" error pointing at the mapping.
    @discardableResult
    func required(_ key: String, in mapping: ConfigMapping, hint: String? = nil) -> ConfigNode? {
        if let value = mapping[key] { return value }
        if mapping.suggested.contains(key) { return nil }
        let location = ConfigSourceLocation(file: file, line: mapping.node.line, column: mapping.node.column, keyPath: mapping.node.path(key: key))
        record(.missingKey(key, at: location, hint: hint))
        return nil
    }

    /// The node's elements; a null node is an empty list.
    func sequence(_ node: ConfigNode) -> [ConfigNode]? {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node.node else {
            record(.wrongType(expected: "a list", got: node.gotDescription, at: location(node)))
            return nil
        }
        return sequence.enumerated().map { ConfigNode($1, keyPath: node.path(index: $0)) }
    }

    // MARK: - Scalars

    /// The node's text after `${VAR}` interpolation. `expected` names the type for the error when the node is
    /// not a scalar (or is null and `allowNull` is false).
    func scalar(_ node: ConfigNode, expected: String, allowNull: Bool = false) -> ConfigScalar? {
        guard let raw = node.rawScalar, allowNull || !node.isNull else {
            record(.wrongType(expected: expected, got: node.gotDescription, at: location(node)))
            return nil
        }
        if node.isNull { return ConfigScalar(value: "", raw: raw, variables: []) }
        switch EnvironmentInterpolation.expand(raw, environment: environment) {
        case .success(let expansion):
            return ConfigScalar(value: expansion.value, raw: raw, variables: expansion.variables)
        case .failure(.unsetVariable(let name)):
            record(.unsetVariable(name, at: location(node)))
        case .failure(.unterminated):
            record(.invalidInterpolation("unterminated '${' in \(ConfigNode.quote(raw))", at: location(node)))
        case .failure(.invalidReference(let body)):
            record(.invalidInterpolation("'${\(body)}' is not a valid environment reference", at: location(node)))
        }
        return nil
    }

    func string(_ node: ConfigNode, allowEmpty: Bool = false) -> String? {
        guard let scalar = scalar(node, expected: "a string") else { return nil }
        if !allowEmpty, scalar.value.isEmpty {
            record(.invalidValue("must not be empty", at: location(node), hint: scalar.environmentHint))
            return nil
        }
        return scalar.value
    }

    /// A name used as an identifier elsewhere (in `provider-id/model`, admin URLs, theme file names).
    func identifier(_ node: ConfigNode) -> String? {
        guard let scalar = scalar(node, expected: "a name") else { return nil }
        let allowed = scalar.value.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0))
        }
        guard !scalar.value.isEmpty, allowed else {
            record(
                .invalidValue(
                    "expected a name made of letters, digits, '.', '_' and '-', got \(scalar.display)", at: location(node),
                    hint: scalar.environmentHint))
            return nil
        }
        return scalar.value
    }

    /// A secret. Its value never appears in an error; a null value is an empty secret.
    func secret(_ node: ConfigNode) -> (secret: Secret, scalar: ConfigScalar)? {
        guard let scalar = scalar(node, expected: "a string", allowNull: true) else { return nil }
        return (Secret(scalar.value), scalar)
    }

    /// The `weight:` of a provider key or route target: 1 when absent, nil (error recorded) when invalid.
    func weight(in mapping: ConfigMapping, hint: String) -> Int? {
        guard let value = mapping["weight"] else { return 1 }
        return int(value, in: 0...1_000_000, hint: hint)
    }

    func int(_ node: ConfigNode, in range: ClosedRange<Int>, unit: String = "", hint: String? = nil) -> Int? {
        guard let scalar = scalar(node, expected: "an integer") else { return nil }
        guard let value = Self.parseInt(scalar.value) else {
            record(.wrongType(expected: "an integer", got: scalar.display, at: location(node), hint: Self.join(hint, scalar.environmentHint)))
            return nil
        }
        guard range.contains(value) else {
            record(
                .invalidValue(
                    "\(value)\(unit) is out of range: expected \(Self.describe(range))", at: location(node),
                    hint: Self.join(hint, scalar.environmentHint)))
            return nil
        }
        return value
    }

    func double(_ node: ConfigNode, in range: ClosedRange<Double>, hint: String? = nil) -> Double? {
        guard let scalar = scalar(node, expected: "a number") else { return nil }
        guard let value = Double(scalar.value.trimmingSpaces), value.isFinite else {
            record(.wrongType(expected: "a number", got: scalar.display, at: location(node), hint: Self.join(hint, scalar.environmentHint)))
            return nil
        }
        guard range.contains(value) else {
            let expected = "a number from \(range.lowerBound.formatted) to \(range.upperBound.formatted)"
            record(
                .invalidValue(
                    "\(scalar.value.trimmingSpaces) is out of range: expected \(expected)", at: location(node),
                    hint: Self.join(hint, scalar.environmentHint)))
            return nil
        }
        return value
    }

    func bool(_ node: ConfigNode) -> Bool? {
        guard let scalar = scalar(node, expected: "true or false") else { return nil }
        switch scalar.value.trimmingSpaces {
        case "true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON": return true
        case "false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF": return false
        default:
            record(.wrongType(expected: "true or false", got: scalar.display, at: location(node), hint: scalar.environmentHint))
            return nil
        }
    }

    /// One of an enum's raw values; the error lists them all.
    func choice<Choice: RawRepresentable & CaseIterable>(_ node: ConfigNode, _ type: Choice.Type) -> Choice? where Choice.RawValue == String {
        let allowed = Choice.allCases.map(\.rawValue)
        guard let scalar = scalar(node, expected: "one of \(allowed.joined(separator: " | "))") else { return nil }
        if let value = Choice(rawValue: scalar.value.trimmingSpaces) { return value }
        let suggestion = Self.closest(to: scalar.value, among: allowed).map { "did you mean '\($0)'?" }
        record(
            .invalidValue(
                "expected one of \(allowed.joined(separator: " | ")), got \(scalar.display)", at: location(node),
                hint: Self.join(suggestion, scalar.environmentHint)))
        return nil
    }

    /// Whole seconds, as an integer or a duration string: `90s`, `30m`, `1h`, `1d`, or several units (`1h30m`).
    func durationSeconds(_ node: ConfigNode, in range: ClosedRange<Int>) -> Int? {
        guard let scalar = scalar(node, expected: "a duration") else { return nil }
        guard let seconds = Self.parseDuration(scalar.value.trimmingSpaces) else {
            record(
                .wrongType(
                    expected: "a duration such as 90s, 30m, 1h or 1d (or whole seconds)", got: scalar.display, at: location(node),
                    hint: scalar.environmentHint))
            return nil
        }
        guard range.contains(seconds) else {
            record(
                .invalidValue(
                    "\(seconds)s is out of range: expected \(Self.describe(range)) seconds", at: location(node), hint: scalar.environmentHint))
            return nil
        }
        return seconds
    }

    func listenAddress(_ node: ConfigNode) -> ListenAddress? {
        guard let scalar = scalar(node, expected: "an address host:port") else { return nil }
        guard let address = ListenAddress(parsing: scalar.value.trimmingSpaces), !address.host.isEmpty else {
            record(
                .invalidValue(
                    "expected an address host:port with a port from 0 to 65535, got \(scalar.display)", at: location(node),
                    hint: Self.join("e.g. 127.0.0.1:8080, [::1]:8080 or :8080 (all interfaces)", scalar.environmentHint)))
            return nil
        }
        return address
    }

    // MARK: - Parsing and wording helpers

    /// Decimal integers, optionally signed, with `_` allowed between digits (`10_485_760`).
    static func parseInt(_ text: String) -> Int? {
        let trimmed = text.trimmingSpaces
        var digits = Substring(trimmed)
        var sign = ""
        if let first = digits.first, first == "-" || first == "+" {
            sign = first == "-" ? "-" : ""
            digits = digits.dropFirst()
        }
        guard let first = digits.first, first.isASCII, first.isNumber, digits.last != "_",
            digits.allSatisfy({ $0 == "_" || ($0.isASCII && $0.isNumber) })
        else { return nil }
        return Int(sign + digits.filter { $0 != "_" })
    }

    static func parseDuration(_ text: String) -> Int? {
        if let seconds = parseInt(text) { return seconds }
        var total = 0
        var number = ""
        var sawUnit = false
        for character in text {
            if character.isASCII, character.isNumber {
                number.append(character)
                continue
            }
            let multiplier: Int
            switch character {
            case "s": multiplier = 1
            case "m": multiplier = 60
            case "h": multiplier = 3_600
            case "d": multiplier = 86_400
            default: return nil
            }
            guard let value = Int(number) else { return nil }
            let (product, overflow1) = value.multipliedReportingOverflow(by: multiplier)
            let (sum, overflow2) = total.addingReportingOverflow(product)
            guard !overflow1, !overflow2 else { return nil }
            total = sum
            number = ""
            sawUnit = true
        }
        return sawUnit && number.isEmpty ? total : nil
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        switch (range.lowerBound, range.upperBound) {
        case (_, Int.max): return "at least \(range.lowerBound)"
        default: return "from \(range.lowerBound) to \(range.upperBound)"
        }
    }

    /// `'a', 'b' and 'c'`.
    static func list(_ items: [String]) -> String {
        let quoted = items.map { "'\($0)'" }
        guard quoted.count > 1 else { return quoted.first ?? "(none)" }
        return quoted.dropLast().joined(separator: ", ") + " and " + quoted[quoted.count - 1]
    }

    static func join(_ first: String?, _ second: String?) -> String? {
        switch (first, second) {
        case (let first?, let second?): return "\(first); \(second)"
        case (let first?, nil): return first
        case (nil, let second?): return second
        case (nil, nil): return nil
        }
    }

    /// The allowed key an unknown key was probably meant to be: a known synonym or a near miss.
    static func suggestedKey(for key: String, among allowed: [String], synonyms: [String: String]) -> String? {
        if let synonym = synonyms[key.lowercased()], allowed.contains(synonym) { return synonym }
        return closest(to: key, among: allowed)
    }

    /// The candidate nearest to `text` by edit distance (ignoring case and `-`/`_`), if it is near enough to be a typo.
    static func closest(to text: String, among candidates: [String]) -> String? {
        func normalized(_ string: String) -> String { string.lowercased().replacingOccurrences(of: "-", with: "_") }
        let target = normalized(text)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = normalized(candidate).editDistance(to: target)
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let length = max(target.count, best.candidate.count)
        let tolerance = length <= 4 ? 1 : length <= 8 ? 2 : 3
        return best.distance <= tolerance ? best.candidate : nil
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}

extension Double {
    fileprivate var formatted: String { rounded() == self && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}
