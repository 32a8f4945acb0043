import Foundation

/// Sends the process's stderr (file descriptor 2, so logs, runtime warnings and C libraries alike)
/// to a file while the console owns the terminal, and puts it back afterwards. Without this a
/// log line would be written into the middle of the console's screen.
///
/// The file is `$SIGNALBOX_CONSOLE_LOG` when set, else `$TMPDIR/signalbox-console-PID.log`
/// (TMPDIR defaulting to /tmp). It is deleted when nothing was written to it.
final class StandardErrorCapture {
    let path: String
    /// A duplicate of the original stderr, to restore it.
    let savedDescriptor: Int32

    private init(path: String, savedDescriptor: Int32) {
        self.path = path
        self.savedDescriptor = savedDescriptor
    }

    static func defaultPath(environment: [String: String]) -> String {
        if let path = environment["SIGNALBOX_CONSOLE_LOG"], !path.isEmpty { return path }
        let directory = environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        return (directory as NSString).appendingPathComponent("signalbox-console-\(getpid()).log")
    }

    /// Starts capturing into `path` (created or truncated, mode 0600: logs may name providers and routes).
    static func start(path: String) throws -> StandardErrorCapture {
        let file = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o600)
        guard file >= 0 else { throw TerminalError("cannot open \(path) for the console's stderr: \(String(cString: strerror(errno)))") }
        defer { close(file) }
        fflush(nil)  // every stream: stderr is a C global Swift 6 will not read
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(file, STDERR_FILENO) >= 0 else {
            if saved >= 0 { close(saved) }
            throw TerminalError("cannot redirect stderr to \(path): \(String(cString: strerror(errno)))")
        }
        return StandardErrorCapture(path: path, savedDescriptor: saved)
    }

    /// Puts stderr back. Returns the capture file's path when something was written to it (the file
    /// is removed otherwise).
    func stop() -> String? {
        fflush(nil)  // every stream: stderr is a C global Swift 6 will not read
        dup2(savedDescriptor, STDERR_FILENO)
        close(savedDescriptor)
        var status = stat()
        if stat(path, &status) == 0, status.st_size > 0 { return path }
        unlink(path)
        return nil
    }
}
