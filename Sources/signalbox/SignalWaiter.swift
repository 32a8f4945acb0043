import Dispatch
import Foundation
import Synchronization

/// Waits for SIGINT or SIGTERM. Dispatch signal sources run the handler on a queue, not in
/// signal context, so resuming a continuation there is safe.
enum SignalWaiter {
    static func waitForTermination() async -> Int32 {
        let queue = DispatchQueue(label: "signalbox.signals")
        let sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            return (signalNumber, DispatchSource.makeSignalSource(signal: signalNumber, queue: queue))
        }
        let received = await withCheckedContinuation { (continuation: CheckedContinuation<Int32, Never>) in
            let resumed = Mutex(false)
            for (signalNumber, source) in sources {
                source.setEventHandler {
                    let first = resumed.withLock { done in
                        defer { done = true }
                        return !done
                    }
                    if first { continuation.resume(returning: signalNumber) }
                }
                source.resume()
            }
        }
        // A second Ctrl-C during the drain stops the process at once.
        for (signalNumber, source) in sources {
            source.cancel()
            signal(signalNumber, SIG_DFL)
        }
        return received
    }
}
