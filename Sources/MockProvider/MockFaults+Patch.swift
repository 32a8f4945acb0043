public import SignalboxCore

extension MockFaults {
    /// These faults with the fields of a partial JSON object applied (`PUT /_mock/faults`).
    /// A `null` value clears an optional field and resets a plain one to its default; unknown keys
    /// and wrongly typed values are rejected so a typo does not silently leave a fault off.
    public func merging(_ patch: JSONValue) throws(MockProviderError) -> MockFaults {
        guard case .object(let fields) = patch else {
            throw .invalidFaults("expected a JSON object of faults, got \(patch.typeName)")
        }
        let defaults = MockFaults()
        var merged = self
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let field = CodingKeys(rawValue: key) else {
                let known = CodingKeys.allCases.map(\.rawValue).joined(separator: ", ")
                throw .invalidFaults("unknown fault '\(key)'; known faults: \(known)")
            }
            switch field {
            case .status: merged.status = try Self.optionalInt(value, key)
            case .retryAfter: merged.retryAfter = try Self.optionalInt(value, key)
            case .failRate: merged.failRate = try Self.optionalDouble(value, key) ?? defaults.failRate
            case .latencyMs: merged.latencyMs = try Self.optionalInt(value, key) ?? defaults.latencyMs
            case .chunks: merged.chunks = try Self.optionalInt(value, key) ?? defaults.chunks
            case .chunkDelayMs: merged.chunkDelayMs = try Self.optionalInt(value, key) ?? defaults.chunkDelayMs
            case .cutAfter: merged.cutAfter = try Self.optionalInt(value, key)
            case .failFirst: merged.failFirst = try Self.optionalInt(value, key)
            case .errorCode:
                switch value {
                case .null: merged.errorCode = nil
                case .string(let code): merged.errorCode = code
                default: throw .invalidFaults("\(key) must be a string or null, got \(value.typeName)")
                }
            case .hang:
                switch value {
                case .null: merged.hang = defaults.hang
                case .bool(let flag): merged.hang = flag
                default: throw .invalidFaults("\(key) must be a boolean or null, got \(value.typeName)")
                }
            }
        }
        if let problem = merged.validationError { throw .invalidFaults(problem) }
        return merged
    }

    private static func optionalInt(_ value: JSONValue, _ key: String) throws(MockProviderError) -> Int? {
        switch value {
        case .null: return nil
        case .number(let number) where number.rounded() == number && abs(number) < 1e15: return Int(number)
        case .number(let number): throw .invalidFaults("\(key) must be an integer or null, got \(number)")
        default: throw .invalidFaults("\(key) must be an integer or null, got \(value.typeName)")
        }
    }

    private static func optionalDouble(_ value: JSONValue, _ key: String) throws(MockProviderError) -> Double? {
        switch value {
        case .null: return nil
        case .number(let number): return number
        default: throw .invalidFaults("\(key) must be a number or null, got \(value.typeName)")
        }
    }
}
