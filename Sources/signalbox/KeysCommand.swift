import ArgumentParser

/// `signalbox keys …`: virtual keys in the local store.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage virtual keys (sk-sb-…) in the local store.",
        subcommands: [KeysCreateCommand.self, KeysListCommand.self, KeysRevokeCommand.self, KeysLimitsCommand.self])
}
