import ArgumentParser
import Foundation
import Store

/// `signalbox audit verify`: walks the hash chain. Exit 0 when intact, 1 naming the first bad entry.
struct AuditVerifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check the audit log's hash chain; exit 1 naming the first bad entry.")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        let database = try store.openDatabase()
        switch try await KeyCommandRunner.run({ try await SQLiteAuditLog(database: database).verify() }) {
        case .intact(let entries):
            StandardOutput.line("audit chain intact: \(entries) entr\(entries == 1 ? "y" : "ies")")
        case .broken(let problem):
            FileHandle.standardError.write(Data("signalbox: audit chain broken at entry \(problem.entryID): \(problem)\n".utf8))
            throw ExitCode(1)
        }
    }
}
