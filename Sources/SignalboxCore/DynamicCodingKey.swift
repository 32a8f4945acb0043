/// A coding key for objects whose keys are not all known in advance, so that unknown
/// fields can be collected and passed through to the provider.
public struct DynamicCodingKey: CodingKey, Hashable, Sendable {
    public var stringValue: String
    public var intValue: Int? { nil }

    public init(_ string: String) { self.stringValue = string }
    public init?(stringValue: String) { self.stringValue = stringValue }
    public init?(intValue: Int) { return nil }
}

extension DynamicCodingKey {
    /// The error `decode(_:forKey:)` throws for a required key the object does not have.
    public static func missing(_ name: String, in container: KeyedDecodingContainer<DynamicCodingKey>) -> DecodingError {
        .keyNotFound(
            DynamicCodingKey(name), .init(codingPath: container.codingPath, debugDescription: "No value associated with key '\(name)'."))
    }
}

extension KeyedDecodingContainer where Key == DynamicCodingKey {
    /// Decodes every key not in `known` as raw JSON.
    public func decodeExtras(excluding known: Set<String>) throws -> [String: JSONValue] {
        var extras: [String: JSONValue] = [:]
        for key in allKeys where !known.contains(key.stringValue) {
            extras[key.stringValue] = try decode(JSONValue.self, forKey: key)
        }
        return extras
    }
}

extension KeyedEncodingContainer where Key == DynamicCodingKey {
    public mutating func encodeExtras(_ extras: [String: JSONValue]) throws {
        for (key, value) in extras {
            try encode(value, forKey: DynamicCodingKey(key))
        }
    }
}
