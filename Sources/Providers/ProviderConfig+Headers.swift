public import SignalboxCore

extension ProviderConfig {
    /// `fixed` with the provider's configured `headers` added (sorted by name); a configured
    /// header naming a fixed one replaces it (e.g. `anthropic-version`).
    public func headers(over fixed: [HTTPField]) -> [HTTPField] {
        var headers = fixed
        for (name, value) in self.headers.sorted(by: { $0.key < $1.key }) {
            if let index = headers.firstIndex(where: { $0.name.equalsIgnoringASCIICase(name) }) {
                headers[index] = HTTPField(name, value)
            } else {
                headers.append(HTTPField(name, value))
            }
        }
        return headers
    }
}
