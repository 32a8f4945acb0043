import ArgumentParser
import Foundation
import SignalboxCore

/// `signalbox config …`: work with configuration files.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with configuration files.", subcommands: [ConfigCheckCommand.self])
}

/// `signalbox config check FILE`: validate a config file without starting anything. Exit 0 when it is
/// valid (warnings included), 2 with every problem on stderr when it is not.
struct ConfigCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate a configuration file.",
        discussion: """
            Reads FILE as signalbox serve would (including ${VAR} and ${VAR:-default} from the environment) \
            and reports every problem with its line, column and key path. Exits 0 when the file is valid, 2 when not.
            """)

    @Argument(help: "Configuration file (YAML).")
    var file: String

    func run() throws {
        let config: GatewayConfig
        do {
            config = try ConfigLoader.load(path: file)
        } catch {
            var report = error.errors.map { "\($0)\n" }.joined()
            if error.errors.count > 1 { report += "\(file): \(error.errors.count) problems\n" }
            FileHandle.standardError.write(Data(report.utf8))
            throw ExitCode(2)
        }
        let providers = Self.count(config.providers.count, "provider")
        let routes = Self.count(config.models.count, "route")
        var report = "\(file): ok — \(providers), \(routes)\n"
        for warning in ConfigLoader.warnings(for: config) {
            report += "\(file): warning: \(warning)\n"
        }
        FileHandle.standardOutput.write(Data(report.utf8))
    }

    private static func count(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
}
