/// Every problem found in a theme file, in file order (the loader does not stop at the first one).
/// Never empty.
public struct ThemeErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public let errors: [ThemeError]

    init(_ errors: [ThemeError]) {
        precondition(!errors.isEmpty, "ThemeErrors needs at least one error")
        self.errors = errors.enumerated().sorted { lhs, rhs in
            (lhs.element.line ?? 0, lhs.element.column ?? 0, lhs.offset) < (rhs.element.line ?? 0, rhs.element.column ?? 0, rhs.offset)
        }.map(\.element)
    }

    init(_ error: ThemeError) { self.init([error]) }

    public var first: ThemeError { errors[0] }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
