import Foundation

/// `${VAR}` and `${VAR:-default}` in config values, expanded after YAML parsing (so positions in
/// errors are those of the file as written).
///
/// - `${VAR}`: the value of `VAR`; an error when `VAR` is not set (set-but-empty gives "").
/// - `${VAR:-default}`: the value of `VAR`, or `default` when `VAR` is unset or empty (as in a shell).
/// - `$$`: a literal `$` (so `$${VAR}` is the literal text `${VAR}`). A `$` not followed by `{` or `$`
///   is kept as is.
enum EnvironmentInterpolation {
    struct Expansion: Sendable, Hashable {
        /// The text with every reference replaced.
        var value: String
        /// The variables referenced, in order (including ones that fell back to their default).
        var variables: [String]

        /// True when some of the value may have come from the environment — and so may be a secret.
        var isInterpolated: Bool { !variables.isEmpty }
    }

    enum Failure: Error, Sendable, Hashable {
        /// `${NAME}` without a default, and `NAME` is not in the environment.
        case unsetVariable(String)
        /// `${` without a closing `}`.
        case unterminated
        /// `${…}` whose inside is not `NAME` or `NAME:-default`.
        case invalidReference(String)
    }

    static func expand(_ text: String, environment: [String: String]) -> Result<Expansion, Failure> {
        guard text.contains("$") else { return .success(Expansion(value: text, variables: [])) }
        let scalars = Array(text.unicodeScalars)
        var output = String.UnicodeScalarView()
        var variables: [String] = []
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar == "$", index + 1 < scalars.count else {
                output.append(scalar)
                index += 1
                continue
            }
            switch scalars[index + 1] {
            case "$":
                output.append("$")
                index += 2
            case "{":
                guard let close = scalars[(index + 2)...].firstIndex(of: "}") else { return .failure(.unterminated) }
                let body = String(String.UnicodeScalarView(scalars[(index + 2)..<close]))
                let name: String
                let fallback: String?
                if let separator = body.range(of: ":-") {
                    name = String(body[..<separator.lowerBound])
                    fallback = String(body[separator.upperBound...])
                } else {
                    name = body
                    fallback = nil
                }
                guard isValidName(name) else { return .failure(.invalidReference(body)) }
                variables.append(name)
                let value: String
                if let set = environment[name], !(fallback != nil && set.isEmpty) {
                    value = set
                } else if let fallback {
                    value = fallback
                } else {
                    return .failure(.unsetVariable(name))
                }
                output.append(contentsOf: value.unicodeScalars)
                index = close + 1
            default:
                output.append(scalar)
                index += 1
            }
        }
        return .success(Expansion(value: String(output), variables: variables))
    }

    /// `[A-Za-z_][A-Za-z0-9_]*`, as POSIX shells accept.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }
}
