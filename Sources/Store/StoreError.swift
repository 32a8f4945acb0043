/// A store operation that could not be done. Carries what an operator needs to act; never a secret.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case cannotOpen
        case unknownKey
        case keyRevoked
        case writeFailed
        case queueClosed
    }

    private let code: Code
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public var isUnknownKey: Bool { code == .unknownKey }
    public var isKeyRevoked: Bool { code == .keyRevoked }

    static func cannotOpen(_ path: String, reason: String) -> StoreError {
        StoreError(.cannotOpen, "cannot open the store at \(path): \(reason)")
    }

    static func unknownKey(_ id: String) -> StoreError {
        StoreError(.unknownKey, "no virtual key with id \(id)")
    }

    static func keyRevoked(_ id: String) -> StoreError {
        StoreError(.keyRevoked, "virtual key \(id) is revoked")
    }

    static func writeFailed(_ reason: String) -> StoreError {
        StoreError(.writeFailed, "store write failed: \(reason)")
    }

    static let queueClosed = StoreError(.queueClosed, "the store writer is shut down")
}
