/// A vector the index cannot take, with what was wrong so the caller can fix its input.
public struct VectorIndexError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case dimensionMismatch
        case zeroVector
        case nonFinite
    }

    private let code: Code
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public var isDimensionMismatch: Bool { code == .dimensionMismatch }
    public var isZeroVector: Bool { code == .zeroVector }
    public var isNonFinite: Bool { code == .nonFinite }

    static func dimensionMismatch(expected: Int, got: Int) -> VectorIndexError {
        VectorIndexError(.dimensionMismatch, "the index holds \(expected)-dimensional vectors, got \(got) dimensions")
    }

    static let zeroVector = VectorIndexError(.zeroVector, "a zero vector has no direction, so it has no cosine similarity")

    static let nonFinite = VectorIndexError(.nonFinite, "the vector holds a NaN or infinite component")
}
