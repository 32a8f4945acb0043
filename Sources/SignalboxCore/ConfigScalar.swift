/// A scalar config value after `${VAR}` interpolation, remembering what was written in the file.
struct ConfigScalar {
    /// The value to use.
    let value: String
    /// The text as written in the file.
    let raw: String
    /// Environment variables the value was built from.
    let variables: [String]

    /// How to show the value in an error: as written in the file, so an interpolated secret never appears.
    var display: String { ConfigNode.quote(raw) }

    /// A hint that points at the environment when the value came from it.
    var environmentHint: String? {
        guard !variables.isEmpty else { return nil }
        let names = variables.map { "$\($0)" }.joined(separator: ", ")
        return "the value comes from the environment (\(names))"
    }
}
