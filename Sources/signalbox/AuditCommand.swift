import ArgumentParser

/// `signalbox audit …`: the audit log in the local store.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Work with the audit log.", subcommands: [AuditVerifyCommand.self])
}
