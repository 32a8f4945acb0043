import ArgumentParser
import Foundation
import SignalboxCore
import Store

/// `signalbox keys list`: one row per key; never a secret or a hash.
struct KeysListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List virtual keys (never their secrets).")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.openDatabase()
        let keys = try await KeyCommandRunner.run {
            let keys = try await SQLiteKeyStore(database: database).list()
            try await KeyCommandRunner.audit(database, action: "keys.list", target: "*", details: ["count": .number(Double(keys.count))])
            return keys
        }
        let now = Date()
        let header = ["ID", "PREFIX", "NAME", "TEAM", "ROUTES", "EXPIRES", "LIMITS", "STATE"]
        let rows = keys.map { key in
            [
                key.id, key.prefix + "…", key.name, key.team ?? "-", key.allowedRoutes.isEmpty ? "*" : key.allowedRoutes.joined(separator: ","),
                key.expiresAt.map(KeyExpiry.format) ?? "never", key.governanceSummary, key.refusal(at: now)?.rawValue ?? "active",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        for row in [header] + rows {
            let cells = row.enumerated().map { column, cell in
                column == row.count - 1 ? cell : cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
            }
            StandardOutput.line(cells.joined(separator: "  "))
        }
        if keys.isEmpty { StandardOutput.line("(no virtual keys; create one with `signalbox keys create --name NAME`)") }
    }
}
