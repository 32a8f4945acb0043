import CNCurses
import Foundation
import Synchronization

/// Gives the terminal back (`endwin()`, stderr restored) however the process ends while the console
/// is up: `exit()` (an `atexit` handler) and fatal signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT,
/// SIGTRAP), whose handler restores the terminal and then hands the signal to whoever handled it
/// before (the Swift runtime's backtracer, or the default action), so a crash still reports — on
/// the restored terminal, not into the capture file. SIGINT/SIGTERM are not handled here: the CLI's
/// `TerminationSignals` stops the runner, which closes the terminal the normal way.
enum TerminalGuard {
    /// Set while curses owns the terminal; cleared by whoever restores it first.
    private static let active = Atomic<Bool>(false)
    private static let installed = Atomic<Bool>(false)

    private static let fatalSignals: [Int32] = [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP]

    /// Written by `activate` before `active` is set (release) and read by the restoring path after
    /// `active` is cleared (acquire), so the restoring side always sees the values `activate` wrote.
    nonisolated(unsafe) private static var savedStderr: Int32 = -1
    /// One `sigaction` per fatal signal: the actions that were in place before ours. Allocated once,
    /// written by `install` (on the runner thread, before any handler can run) and then only read.
    nonisolated(unsafe) private static let previousActions: UnsafeMutablePointer<sigaction> = {
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: fatalSignals.count)
        actions.initialize(repeating: sigaction(), count: fatalSignals.count)
        return actions
    }()

    /// Curses now owns the terminal; `savedStderr` is the original stderr (-1 when not captured).
    static func activate(savedStderr descriptor: Int32) {
        installOnce()
        savedStderr = descriptor
        active.store(true, ordering: .releasing)
    }

    /// The runner closed the terminal itself.
    static func deactivate() {
        active.store(false, ordering: .releasing)
    }

    /// `endwin()` and stderr back, if the console still owns the terminal. Idempotent; called from
    /// `atexit` and from the fatal-signal handler.
    static func restore() {
        guard active.exchange(false, ordering: .acquiringAndReleasing) else { return }
        if !sb_isendwin() { _ = sb_endwin() }
        if savedStderr >= 0 { dup2(savedStderr, STDERR_FILENO) }
    }

    private static func installOnce() {
        guard !installed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        atexit { TerminalGuard.restore() }
        for (index, signalNumber) in fatalSignals.enumerated() {
            _ = sb_catch_signal(signalNumber, { signalNumber in TerminalGuard.handleFatal(signalNumber) }, previousActions + index)
        }
    }

    private static func handleFatal(_ signalNumber: Int32) {
        restore()
        guard let index = fatalSignals.firstIndex(of: signalNumber) else { return }
        _ = sb_restore_signal(signalNumber, previousActions + index)
        // A fault (SIGSEGV, SIGBUS, SIGILL, SIGFPE) happens again when the handler returns, now reaching
        // the previous handler with its real context; a raised signal (abort(), a trap) must be raised again.
        if signalNumber == SIGABRT || signalNumber == SIGTRAP { raise(signalNumber) }
    }
}
