import ArgumentParser
import Foundation
import SignalboxCore
import Store

/// What the `keys` commands share: the audit entry each writes, and turning store errors into exit codes.
enum KeyCommandRunner {
    /// Runs `body`; a store or database error is printed and ends the command with exit 1.
    static func run<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            FileHandle.standardError.write(Data("signalbox: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// Whoever runs the CLI on the store's host acts as admin.
    static let actor = AuditActor(actor: "cli", role: "admin")

    static func audit(_ database: SignalboxDatabase, action: String, target: String, details: [String: JSONValue]) async throws {
        try await SQLiteAuditLog(database: database).append(
            AuditEntryDraft(actor: actor.actor, role: actor.role, action: action, target: target, details: details))
    }
}
