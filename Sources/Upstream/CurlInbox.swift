/// The queue of commands for the loop thread, kept inside a `Mutex` by `CurlLoop`.
///
/// Wake-up rule: the submitter writes the loop's eventfd only when the inbox goes from empty to
/// non-empty. The loop reads the eventfd before it drains, so a command appended to a non-empty
/// inbox is always picked up by a drain that is already due.
struct CurlInbox {
    enum SubmitAction: Equatable {
        /// The inbox was empty: wake the loop.
        case wake
        /// A wake-up is already pending.
        case none
        /// The loop is gone; the command was not queued. The reason is the error to report.
        case rejected(UpstreamError)
    }

    struct Drained {
        var commands: [CurlLoopCommand]
        var shutdownRequested: Bool
    }

    private var commands: [CurlLoopCommand] = []
    private var shutdownRequested = false
    private var closedReason: UpstreamError?

    mutating func submit(_ command: CurlLoopCommand) -> SubmitAction {
        if let closedReason { return .rejected(closedReason) }
        commands.append(command)
        return commands.count == 1 ? .wake : .none
    }

    /// Asks the loop to stop. Returns `.wake` only for the first request on an idle inbox.
    mutating func requestShutdown() -> SubmitAction {
        if let closedReason { return .rejected(closedReason) }
        if shutdownRequested { return .none }
        shutdownRequested = true
        return commands.isEmpty ? .wake : .none
    }

    /// Takes every queued command (called by the loop after it read the eventfd).
    mutating func drain() -> Drained {
        defer { commands.removeAll(keepingCapacity: true) }
        return Drained(commands: commands, shutdownRequested: shutdownRequested)
    }

    /// Refuses all further commands and hands back what was still queued.
    mutating func close(reason: UpstreamError) -> [CurlLoopCommand] {
        closedReason = reason
        shutdownRequested = true
        defer { commands = [] }
        return commands
    }
}
