import Foundation
import Store
import Synchronization

/// A database file in a fresh temporary directory, removed by `cleanup()`.
struct TemporaryDatabase {
    let directory: URL
    var path: String { directory.appendingPathComponent("signalbox.db").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("store-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func open() throws -> SignalboxDatabase { try SignalboxDatabase(path: path) }

    func cleanup() { try? FileManager.default.removeItem(at: directory) }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_750_000_000)) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
    var function: @Sendable () -> Date { { [self] in now } }
}
