import ArgumentParser
import Engine
import Foundation
import Logging
import Server
import SignalboxCore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Run the gateway from a configuration file.")

    @Option(name: .long, help: "Configuration file (YAML).")
    var config: String = "signalbox.yaml"

    @Flag(name: .long, help: "Do not open the console, even on a terminal.")
    var headless = false

    @Flag(name: .long, help: "Console without operator actions.")
    var readonly = false

    @Option(name: .long, help: "Console colour theme (themes/NAME.yaml).")
    var theme: String?

    @OptionGroup var logging: LoggingOptions

    func run() async throws {
        let gatewayConfig: GatewayConfig
        do {
            gatewayConfig = try ConfigLoader.load(path: config)
        } catch {
            FileHandle.standardError.write(Data("signalbox: \(error)\n".utf8))
            throw ExitCode(2)
        }
        // Until virtual keys exist every caller is trusted, so only this machine may call.
        for address in [gatewayConfig.server.listen, gatewayConfig.server.adminListen] where !address.isLoopback {
            FileHandle.standardError.write(
                Data(
                    ("signalbox: refusing to listen on \(address): without virtual keys the gateway is open to anyone who can reach it.\n"
                        + "  hint: listen on 127.0.0.1 (server.listen / server.admin_listen) until virtual keys are configured.\n").utf8))
            throw ExitCode(2)
        }
        let logger = logging.bootstrap(label: "signalbox")
        if !headless, isatty(STDOUT_FILENO) == 1 {
            logger.notice("the operations console is not part of this build yet; running headless")
        }
        let termination = TerminationSignals()
        let eventLoops = ProcessInfo.processInfo.environment["SIGNALBOX_EVENT_LOOPS"].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil }
        let runtime = GatewayRuntime(config: gatewayConfig, logger: logger, eventLoops: eventLoops)
        let ports: (proxy: Int, admin: Int)
        do {
            ports = try await runtime.start()
        } catch {
            logger.critical("could not start", metadata: ["error": "\(error)"])
            _ = await runtime.shutdown()
            throw ExitCode(1)
        }
        logger.info(
            "signalbox listening",
            metadata: [
                "proxy": "http://\(gatewayConfig.server.listen.host):\(ports.proxy)/v1",
                "admin": "http://\(gatewayConfig.server.adminListen.host):\(ports.admin)",
                "providers": "\(gatewayConfig.providers.count)", "routes": "\(gatewayConfig.models.count)",
            ])
        let signal = await termination.wait()
        logger.info("shutting down", metadata: ["signal": "\(signal)", "in_flight": "\(runtime.gateway.inFlightCount)"])
        let cut = await runtime.shutdown()
        if cut > 0 { logger.warning("drain timeout reached; requests cancelled", metadata: ["count": "\(cut)"]) }
        logger.info("stopped")
    }
}
