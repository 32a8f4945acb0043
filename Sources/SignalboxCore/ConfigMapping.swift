/// A YAML mapping whose keys have been checked against the keys its section accepts. Built by
/// `ConfigDecoder.mapping(_:allowed:)`; YAML merge keys (`<<: *defaults`) are already folded in.
struct ConfigMapping {
    struct Entry {
        let key: String
        let keyNode: ConfigNode
        let value: ConfigNode
    }

    /// The mapping itself (its position is where "missing required key" errors point).
    let node: ConfigNode
    let entries: [Entry]
    /// Allowed keys that an unknown key was reported as a likely misspelling of (`base_ur` → `base_url`).
    /// A "missing required key" error for them would only repeat that report.
    var suggested: Set<String> = []

    subscript(key: String) -> ConfigNode? { entries.first { $0.key == key }?.value }

    func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }
}
