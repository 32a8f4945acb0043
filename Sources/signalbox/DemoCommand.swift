import ArgumentParser
import Console
import Demo
import Engine
import Foundation
import Logging
import MockProvider
import Server
import SignalboxCore
import Upstream

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a gateway over simulated providers with synthetic traffic and a fault script.")

    @Flag(name: .long, help: "Print a one-line summary per second instead of opening the operations console.")
    var headless = false

    @Option(name: .long, help: "Console theme: a name (themes/NAME.yaml) or a .yaml path.")
    var theme: String = ThemeLoader.defaultName

    @Option(name: .long, help: "Stop after this many seconds (default: run until Ctrl-C).")
    var duration: Int?

    @Option(name: .long, help: "Where the demo gateway listens, so you can send your own requests too.")
    var listen: String = "127.0.0.1:8080"

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        guard let address = ListenAddress(parsing: listen), address.isLoopback else {
            throw ValidationError("--listen must be a loopback address such as 127.0.0.1:8080")
        }
        if let duration, duration <= 0 { throw ValidationError("--duration must be a positive number of seconds") }
    }

    func run() async throws {
        var consoleTheme: Theme?
        if !headless {
            if OperationsConsole.terminalAvailable {
                consoleTheme = try OperationsConsole.loadTheme(theme)
            } else {
                StandardOutput.line("signalbox demo: not on a terminal, so no console: printing a summary per second (--headless).")
            }
        }
        let summaries = consoleTheme == nil
        let logger = logging.bootstrap(label: "signalbox.demo", fallback: .error)
        let termination = TerminationSignals()
        let scenario = try await DemoScenario.start(
            listen: ListenAddress(parsing: listen)!, adminListen: ListenAddress(host: "127.0.0.1", port: 0), logger: logger)
        let runtime = GatewayRuntime(config: scenario.config, logger: logger)
        let ports: (proxy: Int, admin: Int)
        do {
            ports = try await runtime.start()
        } catch {
            FileHandle.standardError.write(Data("signalbox demo: could not listen on \(listen): \(error); try --listen 127.0.0.1:0\n".utf8))
            _ = await runtime.shutdown()
            await scenario.stop()
            throw ExitCode(1)
        }
        let baseURL = "http://127.0.0.1:\(ports.proxy)/v1"
        StandardOutput.line("signalbox demo: gateway on \(baseURL) — routes \(scenario.config.models.map(\.name).joined(separator: ", "))")
        StandardOutput.line("simulated providers: " + scenario.providers.map { "\($0.id) (\($0.server.configuration.flavor.rawValue), \($0.server.providerBaseURL))" }.joined(separator: ", "))
        StandardOutput.line("try: curl -s \(baseURL)/chat/completions -H 'content-type: application/json' -d '{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'")

        let trafficClient = CurlUpstreamClient(maxHostConnections: 32, logger: logger)
        let traffic = DemoTrafficGenerator(gatewayBaseURL: baseURL, chatRoutes: scenario.chatRoutes, embeddingRoute: scenario.embeddingRoute)
        let subscription = summaries ? runtime.bus.subscribe(capacity: 65_536) : nil

        await withTaskGroup(of: Void.self) { group in
            group.addTask { await traffic.run(client: trafficClient, logger: logger) }
            group.addTask {
                await DemoFaultScript.standard.run(on: scenario) { second, step in
                    // With the console up, stdout belongs to curses; the console shows the faults' effects.
                    if summaries { StandardOutput.line("fault  t+\(second)s  \(step.provider): \(step.description)") }
                }
            }
            if let subscription {
                group.addTask { await Self.printSummaries(from: subscription) }
            }
            // The first of: `q` in the console, the duration elapses, or SIGINT/SIGTERM.
            if let consoleTheme {
                _ = await OperationsConsole.run(runtime: runtime, theme: consoleTheme, readOnly: false, termination: termination, duration: duration)
            } else if let duration {
                group.addTask { try? await Task.sleep(for: .seconds(duration)) }
                await group.next()
            } else {
                _ = await termination.wait()
            }
            group.cancelAll()
        }
        subscription?.cancel()
        trafficClient.shutdown()
        _ = await runtime.shutdown()
        await scenario.stop()
        StandardOutput.line("signalbox demo: stopped")
    }

    /// One summary line per second of the events since the last one (headless mode).
    private static func printSummaries(from subscription: EventSubscription) async {
        let start = ContinuousClock.now
        var second = 0
        while !Task.isCancelled {
            second += 1
            do {
                try await Task.sleep(until: start + .seconds(second), clock: .continuous)
            } catch {
                return
            }
            var summary = DemoSummary()
            for event in subscription.drain(max: 65_536) { summary.apply(event) }
            StandardOutput.line(summary.line(elapsedSeconds: second, busDrops: subscription.dropped))
        }
    }
}
