import Foundation
import SignalboxCore
import Synchronization

/// Makes a usage row survive `kill -9` without a database commit on the hot path: before a
/// request's answer is written to the client, its usage record is appended (one `write(2)`, no
/// fsync: the page cache outlives the process) to a journal file next to the database; the row
/// itself goes to SQLite through `StoreWriter` as usual. Journal files whose records are all
/// committed are deleted; at start, `recover` inserts whatever a crashed process left behind
/// (`INSERT OR IGNORE` by request id) and removes the files.
///
/// Lines are tab-separated fields (tabs, newlines and backslashes escaped); a torn last line from
/// a crash mid-write is skipped.
public final class UsageJournal: Sendable {
    private struct State {
        var generation: Int
        var descriptor: Int32
        var bytes: Int
        /// Records appended and committed per generation still on disk.
        var appended: [Int: Int] = [:]
        var committed: [Int: Int] = [:]
    }

    public let directory: String
    private let baseName: String
    private let rotateBytes: Int
    private let state: Mutex<State>

    /// This process's id: journal files carry it, so a gateway recovers only what a process no
    /// longer running left behind.
    private let pid: Int32

    /// Opens a fresh journal for `databasePath` (`<path>.usage-journal.<pid>.<generation>` files).
    public convenience init(databasePath: String, rotateBytes: Int = 8 << 20) throws {
        try self.init(databasePath: databasePath, rotateBytes: rotateBytes, pid: getpid())
    }

    /// `pid`: the process the files are named for (tests pretend to be another process).
    public init(databasePath: String, rotateBytes: Int = 8 << 20, pid: Int32) throws {
        let url = URL(fileURLWithPath: databasePath)
        directory = url.deletingLastPathComponent().path
        baseName = url.lastPathComponent + ".usage-journal."
        self.rotateBytes = rotateBytes
        self.pid = pid
        let generation = (Self.files(in: directory, baseName: baseName).filter { $0.pid == pid }.map(\.generation).max() ?? 0) + 1
        let descriptor = try Self.open(directory + "/" + baseName + "\(pid).\(generation)")
        state = Mutex(State(generation: generation, descriptor: descriptor, bytes: 0))
    }

    deinit {
        state.withLock { state in _ = close(state.descriptor) }
    }

    /// Appends `record`; returns the generation to report back through `committed` once its row
    /// is in the database. Throws when the write fails (the caller answers anyway and logs it).
    public func append(_ record: UsageRecord) throws -> Int {
        let line = Self.encodedLine(record)
        return try state.withLock { state in
            let written = line.withUnsafeBytes { bytes in write(state.descriptor, bytes.baseAddress, bytes.count) }
            guard written == line.count else { throw StoreError.writeFailed("usage journal: \(String(cString: strerror(errno)))") }
            state.bytes += written
            state.appended[state.generation, default: 0] += 1
            let generation = state.generation
            if state.bytes >= rotateBytes {
                let next = state.generation + 1
                if let descriptor = try? Self.open(path(next)) {
                    _ = close(state.descriptor)
                    state.descriptor = descriptor
                    state.generation = next
                    state.bytes = 0
                }
            }
            return generation
        }
    }

    /// `count` records of `generation` are committed; a generation no longer written to whose
    /// records are all committed is deleted.
    public func committed(generation: Int, count: Int) {
        let removable = state.withLock { state -> [Int] in
            state.committed[generation, default: 0] += count
            let done = state.appended.keys.filter { $0 != state.generation && state.committed[$0, default: 0] >= state.appended[$0, default: 0] }
            for generation in done {
                state.appended[generation] = nil
                state.committed[generation] = nil
            }
            return done
        }
        for generation in removable { unlink(path(generation)) }
    }

    /// After a graceful stop with every record committed: removes the current file too.
    public func removeAll() {
        state.withLock { state in
            _ = close(state.descriptor)
            state.descriptor = -1
        }
        for file in Self.files(in: directory, baseName: baseName) where file.pid == pid { unlink(directory + "/" + file.name) }
    }

    /// Inserts the records of journal files left by processes no longer running that the database
    /// does not have, then deletes those files. Returns the rows added.
    public func recover(into database: SignalboxDatabase) async throws -> Int {
        var added = 0
        for file in Self.files(in: directory, baseName: baseName) where file.pid != pid && !Self.isRunning(file.pid) {
            let path = directory + "/" + file.name
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let records = text.split(separator: "\n").compactMap { Self.decode(String($0)) }
            added += try await SQLiteUsageStore(database: database).recordMissing(records)
            unlink(path)
        }
        return added
    }

    private func path(_ generation: Int) -> String { directory + "/" + baseName + "\(pid).\(generation)" }

    /// Whether a process with this id exists (a journal of a live gateway is never taken over).
    private static func isRunning(_ pid: Int32) -> Bool {
        kill(pid, 0) == 0 || errno == EPERM
    }

    private static func open(_ path: String) throws -> Int32 {
        let descriptor = Foundation.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw StoreError.writeFailed("cannot open the usage journal \(path): \(String(cString: strerror(errno)))") }
        return descriptor
    }

    private static func files(in directory: String, baseName: String) -> [(name: String, pid: Int32, generation: Int)] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).compactMap { name in
            guard name.hasPrefix(baseName) else { return nil }
            let parts = name.dropFirst(baseName.count).split(separator: ".")
            guard parts.count == 2, let pid = Int32(parts[0]), let generation = Int(parts[1]) else { return nil }
            return (name, pid, generation)
        }
    }

    // MARK: - Line format

    static let fieldCount = 13

    static func encode(_ record: UsageRecord) -> String {
        String(decoding: encodedLine(record), as: UTF8.self)
    }

    /// One journal line: tab-separated fields (tabs, newlines and backslashes escaped), then `\n`.
    static func encodedLine(_ record: UsageRecord) -> [UInt8] {
        // Bytes, not Characters: this runs once per routed request on the event loop.
        var line: [UInt8] = []
        line.reserveCapacity(160)
        let fields: [String] = [
            "1", String(record.time.milliseconds), record.requestID, record.keyID ?? "", record.route, record.provider, record.model,
            String(record.status), String(record.promptTokens), String(record.completionTokens), String(record.cachedTokens),
            String(record.reasoningTokens), record.costMicros.map(String.init) ?? "",
        ]
        for (index, field) in fields.enumerated() {
            if index > 0 { line.append(UInt8(ascii: "\t")) }
            for byte in field.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case UInt8(ascii: "\t"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): line.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                default: line.append(byte)
                }
            }
        }
        line.append(UInt8(ascii: "\n"))
        return line
    }

    static func decode(_ line: String) -> UsageRecord? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape(String($0)) }
        guard fields.count == fieldCount, fields[0] == "1", let time = Int64(fields[1]), let status = Int(fields[7]),
            let prompt = Int(fields[8]), let completion = Int(fields[9]), let cached = Int(fields[10]), let reasoning = Int(fields[11])
        else { return nil }
        return UsageRecord(
            time: Date(milliseconds: time), requestID: fields[2], keyID: fields[3].isEmpty ? nil : fields[3], route: fields[4], provider: fields[5],
            model: fields[6], status: status, promptTokens: prompt, completionTokens: completion, cachedTokens: cached, reasoningTokens: reasoning,
            costMicros: Int64(fields[12]))
    }

    private static func unescape(_ field: String) -> String {
        guard field.contains("\\") else { return field }
        var out = ""
        var escaping = false
        for character in field {
            if escaping {
                switch character {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
