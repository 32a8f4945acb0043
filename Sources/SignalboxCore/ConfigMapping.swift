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

    subscript(key: String) -> ConfigNode? { entries.first { $0.key == key }?.value }

    func contains(_ key: String) -> Bool { entries.contains { $0.key == key } }
}
