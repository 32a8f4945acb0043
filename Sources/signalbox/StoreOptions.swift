import ArgumentParser
import Foundation
import SignalboxCore
import Store

/// `--config` for commands that work on the local store: the database is the config's `store.sqlite`.
struct StoreOptions: ParsableArguments {
    @Option(
        name: .long,
        help: "Configuration file (YAML) whose store.sqlite names the database (default: signalbox.yaml when present, else ./signalbox.db).")
    var config: String?

    private static let defaultConfig = "signalbox.yaml"

    /// Loads the config and opens its database; reports problems on stderr and exits 2 (bad config,
    /// unsupported store) or 1 (the database cannot be opened).
    func openDatabase() throws -> SignalboxDatabase {
        let store: StoreConfig
        if let config = config ?? (FileManager.default.fileExists(atPath: Self.defaultConfig) ? Self.defaultConfig : nil) {
            do {
                store = try ConfigLoader.load(path: config).store
            } catch {
                FileHandle.standardError.write(Data("signalbox: \(error)\n".utf8))
                throw ExitCode(2)
            }
        } else {
            store = GatewayConfig().store
        }
        switch store {
        case .postgres:
            FileHandle.standardError.write(
                Data("signalbox: store.postgres is not supported yet; use store.sqlite (e.g. store: { sqlite: ./signalbox.db })\n".utf8))
            throw ExitCode(2)
        case .sqlite(let path):
            do {
                return try SignalboxDatabase(path: path)
            } catch {
                FileHandle.standardError.write(Data("signalbox: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }
}
