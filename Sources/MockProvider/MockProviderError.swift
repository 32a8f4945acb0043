/// Errors of the mock provider's Swift API.
public struct MockProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    private enum Code: Sendable, Hashable {
        case invalidFaults
        case alreadyStarted
        case timedOut
    }

    private let code: Code
    /// What went wrong and what to change.
    public let message: String

    private init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// Faults that cannot be applied (unknown key, wrong type, out of range).
    public static func invalidFaults(_ reason: String) -> MockProviderError {
        MockProviderError(.invalidFaults, "invalid mock faults: \(reason)")
    }

    /// `start()` was called on a server that was already started (a server runs once).
    public static var alreadyStarted: MockProviderError {
        MockProviderError(.alreadyStarted, "this MockProviderServer was already started; create a new one")
    }

    /// A `waitFor…(timeout:)` call ran out of time; `state` describes what the mock had reached.
    public static func timedOut(after timeout: Duration, state: String) -> MockProviderError {
        MockProviderError(.timedOut, "timed out after \(timeout) waiting for the mock provider; it has: \(state)")
    }

    public var isTimeout: Bool { code == .timedOut }

    public var description: String { message }
}
