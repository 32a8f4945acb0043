import ArgumentParser
import Foundation
import Logging

/// `--log-level`, shared by the commands that run servers.
struct LoggingOptions: ParsableArguments {
    @Option(name: .long, help: "trace | debug | info | notice | warning | error | critical (env SIGNALBOX_LOG_LEVEL).")
    var logLevel: String?

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    /// Sends logs to stderr at the chosen level (default `fallback`) and returns the root logger.
    func bootstrap(label: String, fallback: Logger.Level = .info) -> Logger {
        let environment = ProcessInfo.processInfo.environment["SIGNALBOX_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        let level = logLevel.flatMap(Logger.Level.init(rawValue:)) ?? environment ?? fallback
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: label)
    }
}
