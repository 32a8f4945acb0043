/// Every problem found in a config file, in file order (the loader does not stop at the first one,
/// so a user can fix a file in one pass). Never empty.
public struct ConfigErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public let errors: [ConfigError]

    init(_ errors: [ConfigError]) {
        precondition(!errors.isEmpty, "ConfigErrors needs at least one error")
        // Sort by position so the report reads top to bottom; errors without a position come first.
        self.errors = errors.enumerated().sorted { lhs, rhs in
            let left = (lhs.element.line ?? 0, lhs.element.column ?? 0, lhs.offset)
            let right = (rhs.element.line ?? 0, rhs.element.column ?? 0, rhs.offset)
            return left < right
        }.map(\.element)
    }

    init(_ error: ConfigError) { self.init([error]) }

    /// The first problem in file order.
    public var first: ConfigError { errors[0] }

    /// One error per paragraph, in file order.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
