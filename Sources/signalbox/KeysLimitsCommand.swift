import ArgumentParser
import Foundation
import SignalboxCore
import Store

/// `signalbox keys limits ID [--rpm N …] [--budget-usd X …]`: replaces a key's rate limits and
/// budget with exactly the ones given (none given: the key has no limits any more).
struct KeysLimitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "limits",
        abstract: "Set a virtual key's rate limits and budget (replacing the previous ones; no flags removes them).")

    @Argument(help: "The key's id (see `signalbox keys list`).")
    var id: String

    @OptionGroup var governance: GovernanceOptions

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let (limits, routeLimits, budget) = try governance.parsed()
        let database = try store.openDatabase()
        let key = try await KeyCommandRunner.run {
            // The change and its audit entry commit together.
            try await SQLiteKeyStore(database: database).setGovernance(
                id: id, limits: limits, routeLimits: routeLimits, budget: budget, auditedAs: KeyCommandRunner.actor)
        }
        StandardOutput.line("\(key.id) (\(key.name)): \(key.governanceSummary)")
    }
}
