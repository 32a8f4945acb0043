import ArgumentParser
import Console
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

    @Flag(name: .long, help: "Do not open the operations console, even on a terminal.")
    var headless = false

    @Flag(name: .long, help: "Console without operator actions.")
    var readonly = false

    @Option(name: .long, help: "Console theme: a name (themes/NAME.yaml; default console.theme, else ops-dark) or a .yaml path.")
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
        // Without virtual keys every caller is trusted, so only this machine may call the proxy; without
        // admin tokens nobody can use the admin API, and its listener stays on loopback too.
        let server = gatewayConfig.server
        if !server.listen.isLoopback, server.auth == .none {
            FileHandle.standardError.write(
                Data(
                    ("signalbox: refusing to listen on \(server.listen) (server.listen): without virtual keys (server.auth: none) "
                        + "the gateway is open to anyone who can reach it.\n"
                        + "  hint: listen on 127.0.0.1, or set server.auth: virtual_keys and create keys with `signalbox keys create`.\n").utf8))
            throw ExitCode(2)
        }
        if !server.adminListen.isLoopback, gatewayConfig.admin.tokens.isEmpty {
            FileHandle.standardError.write(
                Data(
                    ("signalbox: refusing to listen on \(server.adminListen) (server.admin_listen): no admin tokens are configured.\n"
                        + "  hint: listen on 127.0.0.1, or add admin.tokens (e.g. - { id: oncall, role: operator, "
                        + "secret: \"${SIGNALBOX_ADMIN_TOKEN}\" }).\n").utf8))
            throw ExitCode(2)
        }
        if gatewayConfig.server.auth == .virtualKeys, case .postgres = gatewayConfig.store {
            FileHandle.standardError.write(Data("signalbox: server.auth: virtual_keys needs store.sqlite; the Postgres store is not supported yet.\n".utf8))
            throw ExitCode(2)
        }
        // A bad theme is a usage error, found before any port is bound (an explicit --theme is checked
        // even when the console will not open, so a typo in a service file shows up at once).
        let wantsConsole = !headless && OperationsConsole.terminalAvailable
        let loadedTheme = wantsConsole || theme != nil ? try OperationsConsole.loadTheme(theme ?? gatewayConfig.console.theme) : nil
        let consoleTheme = wantsConsole ? loadedTheme : nil
        let logger = logging.bootstrap(label: "signalbox")
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
        // The console (when it opens) ends on `q` or on SIGINT/SIGTERM, and gives the terminal back
        // before the drain starts, so the shutdown logs land on a normal screen.
        let reason: String
        if let consoleTheme {
            switch await OperationsConsole.run(runtime: runtime, theme: consoleTheme, readOnly: readonly, termination: termination) {
            case .quit: reason = "console quit"
            case .signal(let signal): reason = "signal \(signal)"
            case .deadline: reason = "deadline"
            }
        } else {
            reason = "signal \(await termination.wait())"
        }
        logger.info("shutting down", metadata: ["reason": "\(reason)", "in_flight": "\(runtime.gateway.inFlightCount)"])
        let cut = await runtime.shutdown()
        if cut > 0 { logger.warning("drain timeout reached; requests cancelled", metadata: ["count": "\(cut)"]) }
        logger.info("stopped")
    }
}
