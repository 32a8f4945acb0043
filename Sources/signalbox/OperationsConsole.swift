import ArgumentParser
import Console
import Foundation
import Server

/// Wiring between the long-running commands and the console: theme lookup, and a console run that
/// ends on `q`, SIGINT/SIGTERM or a deadline, with the terminal restored before the caller drains.
enum OperationsConsole {
    /// Why the console session ended.
    enum Ending: Sendable, Equatable {
        /// The operator pressed `q`.
        case quit
        case signal(Int32)
        /// `--duration` elapsed.
        case deadline
    }

    /// The console opens only on a terminal (stdin for keys, stdout for the screen).
    static var terminalAvailable: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

    /// Loads a theme by name or path; a bad theme is a usage error (exit 2), reported before any port is bound.
    static func loadTheme(_ nameOrPath: String) throws -> Theme {
        do {
            return try ThemeLoader.load(nameOrPath, directories: ThemeLoader.searchDirectories())
        } catch {
            FileHandle.standardError.write(Data("signalbox: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// Runs the console over `runtime` until the operator quits, a termination signal arrives or
    /// `duration` seconds pass. If the console cannot open, says why and waits for the signal or the
    /// deadline instead. `termination` must have no other waiter.
    static func run(
        runtime: GatewayRuntime, theme: Theme, readOnly: Bool, termination: TerminationSignals, duration: Int? = nil
    ) async -> Ending {
        let runner = ConsoleRunner(
            backend: EngineConsoleBackend(bus: runtime.bus, controlPlane: runtime.controlPlane, readOnly: readOnly), theme: theme)
        let (stops, stopped) = AsyncStream.makeStream(of: Ending.self)
        // Never cancelled: `TerminationSignals.wait()` has no cancellation; after a quit the process
        // drains and exits, and a signal then only stops a runner that has already stopped.
        Task {
            let signal = await termination.wait()
            runner.stop()
            stopped.yield(.signal(signal))
        }
        let deadline = duration.map { seconds in
            Task {
                try await Task.sleep(for: .seconds(seconds))
                runner.stop()
                stopped.yield(.deadline)
            }
        }
        defer { deadline?.cancel() }
        do {
            let summary = try await runner.run()
            if let path = summary.capturedOutputPath {
                FileHandle.standardError.write(Data("signalbox: output written while the console was open is in \(path)\n".utf8))
            }
            if summary.ending == .quit { return .quit }
        } catch {
            FileHandle.standardError.write(Data("signalbox: \(error)\n".utf8))
        }
        for await ending in stops { return ending }
        return .deadline  // unreachable: the stream is never finished
    }
}
