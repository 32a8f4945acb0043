import ArgumentParser
import Foundation
import SignalboxCore
import Store

/// `signalbox keys create --name N [--team T] [--routes a,b] [--expires 30d]`: prints the secret once.
struct KeysCreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a virtual key and print its secret (shown only this once).")

    @Option(name: .long, help: "A name for the key (e.g. the application using it).")
    var name: String

    @Option(name: .long, help: "The team that owns the key.")
    var team: String?

    @Option(name: .long, help: "Comma-separated route names the key may call (default: all).")
    var routes: String?

    @Option(name: .long, help: "Expiry: a duration from now (90m, 12h, 30d, 2w) or a date (2026-01-31, UTC).")
    var expires: String?

    @OptionGroup var governance: GovernanceOptions

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--name must not be empty") }
        if let expires, KeyExpiry.parse(expires, now: Date()) == nil {
            throw ValidationError("--expires '\(expires)': expected a duration like 30d, 12h, 90m, 2w or a date like 2026-01-31")
        }
    }

    func run() async throws {
        let now = Date()
        let allowedRoutes = (routes ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let (limits, routeLimits, budget) = try governance.parsed()
        let draft = VirtualKeyDraft(
            name: name, team: team, allowedRoutes: allowedRoutes, expiresAt: expires.flatMap { KeyExpiry.parse($0, now: now) },
            limits: limits, routeLimits: routeLimits, budget: budget)
        let database = try store.openDatabase()
        let created = try await KeyCommandRunner.run {
            // The key and its audit entry commit together.
            try await SQLiteKeyStore(database: database).create(draft, auditedAs: KeyCommandRunner.actor)
        }
        StandardOutput.line("id:  \(created.key.id)")
        StandardOutput.line("key: \(created.secret.reveal())")
        if created.key.governanceSummary != "-" { StandardOutput.line("limits: \(created.key.governanceSummary)") }
        StandardOutput.line("Store this key now: it is shown only once (Signalbox keeps only its SHA-256 hash).")
    }
}
