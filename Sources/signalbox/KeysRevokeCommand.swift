import ArgumentParser
import Foundation
import SignalboxCore
import Store

/// `signalbox keys revoke ID`: the key is refused from now on (by a running gateway once its auth cache refreshes).
struct KeysRevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a virtual key.")

    @Argument(help: "The key's id (see `signalbox keys list`).")
    var id: String

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.openDatabase()
        let key = try await KeyCommandRunner.run {
            // The revocation and its audit entry commit together.
            try await SQLiteKeyStore(database: database).revoke(id: id, auditedAs: KeyCommandRunner.actor)
        }
        StandardOutput.line("revoked \(key.id) (\(key.name), \(key.prefix)…)")
    }
}
