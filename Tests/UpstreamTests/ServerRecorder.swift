import NIOCore
import SignalboxCore
import Synchronization

/// What the test server saw, plus the gates tests open to let a response continue.
final class ServerRecorder: Sendable {
    struct RecordedRequest: Sendable {
        var method: String
        var uri: String
        var headers: [HTTPField]
        var body: [UInt8]
    }

    struct State: Sendable {
        var requests: [RecordedRequest] = []
        var openConnections = 0
        var maxOpenConnections = 0
        var acceptedConnections = 0
        var closedConnections = 0
        /// A response write had to wait because the client stopped reading.
        var sawUnwritable = false
    }

    let state = ObservedState(State())

    private struct Gates {
        var opened: Set<String> = []
        var waiting: [String: [EventLoopPromise<Void>]] = [:]
    }

    private let gates = Mutex(Gates())

    /// Lets every response waiting on `name` continue (now or when it gets there).
    func openGate(_ name: String) {
        let waiting = gates.withLock { gates in
            gates.opened.insert(name)
            return gates.waiting.removeValue(forKey: name) ?? []
        }
        for promise in waiting { promise.succeed(()) }
    }

    func waitForGate(_ name: String, promise: EventLoopPromise<Void>) {
        let isOpen = gates.withLock { gates in
            if gates.opened.contains(name) { return true }
            gates.waiting[name, default: []].append(promise)
            return false
        }
        if isOpen { promise.succeed(()) }
    }
}
