import ArgumentParser

@main
struct SignalboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "signalbox",
        abstract: "An OpenAI-compatible LLM gateway with a live operations console.",
        version: "0.1.0-dev",
        subcommands: [
            ServeCommand.self, DemoCommand.self, MockProviderCommand.self, ConfigCommand.self, KeysCommand.self, AuditCommand.self,
            ConsoleRenderBenchCommand.self, RequestLogBenchCommand.self, CacheBenchCommand.self,
        ]
    )
}
