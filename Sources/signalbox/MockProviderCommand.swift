import ArgumentParser
import Dispatch
import Foundation
import Logging
import MockProvider
import SignalboxCore

/// `signalbox mock-provider`: a fake OpenAI-compatible provider with fault injection, for tests,
/// demos and trying the gateway without provider keys. Prints one readiness line with the URL,
/// then serves until SIGINT or SIGTERM.
struct MockProviderCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-provider",
        abstract: "Run a fake OpenAI-compatible provider with fault injection.",
        discussion: """
            Speaks one provider family's API (--flavor) with deterministic answers — openai: POST \
            /v1/chat/completions (streamed and not), POST /v1/embeddings, GET /v1/models; azure: \
            /openai/deployments/NAME/…; anthropic: POST /v1/messages; gemini: POST \
            /v1beta/models/MODEL:generateContent|:streamGenerateContent|:batchEmbedContents; bedrock: POST \
            /model/ID/converse|converse-stream|invoke; cohere: POST /v2/chat, /v2/embed — and a control API: GET /_mock/stats, GET|DELETE /_mock/requests, \
            GET|PUT /_mock/faults (PUT takes a partial JSON object of the fault options below, snake_case). \
            Prints "mock-provider listening on http://HOST:PORT (flavor openai)" once ready.
            """)

    @Option(help: "Address to listen on; port 0 picks a free port.")
    var listen: String = "127.0.0.1:9001"

    @Option(help: "API dialect: openai, azure, anthropic, gemini, bedrock or cohere.")
    var flavor: String = "openai"

    @Option(help: "Delay before each response head, in milliseconds.")
    var latencyMs: Int?

    @Option(help: "Probability (0...1) that a request fails with --status or 500.")
    var failRate: Double?

    @Option(help: "Fail every request with this HTTP status (e.g. 500, 503, 429).")
    var status: Int?

    @Option(help: "Seconds to send as Retry-After with injected failures.")
    var retryAfter: Int?

    @Option(help: "Streams: close the connection after N content chunks, without [DONE].")
    var cutAfter: Int?

    @Option(help: "Content chunks per streamed reply (default 8).")
    var chunks: Int?

    @Option(help: "Delay between streamed events, in milliseconds.")
    var chunkDelayMs: Int?

    @Flag(help: "Never answer: hold each request until the client goes away.")
    var hang = false

    @Option(help: "Require 'Authorization: Bearer KEY' on /v1 requests.")
    var apiKey: String?

    @Option(help: "Length of embedding vectors (default 64).")
    var embeddingDimensions: Int?

    @Option(help: "Seed of the fail-rate sequence (default 42).")
    var seed: UInt64?

    @OptionGroup var logging: LoggingOptions

    func validate() throws {
        _ = try makeConfiguration()
    }

    func run() async throws {
        let configuration = try makeConfiguration()
        // Hummingbird's startup line is info-level; keep stdout to the one readiness line.
        let logger = logging.bootstrap(label: "signalbox.mock-provider", fallback: .warning)
        let server = MockProviderServer(configuration: configuration, logger: logger)
        let port: Int
        do {
            port = try await server.start()
        } catch {
            FileHandle.standardError.write(Data("signalbox mock-provider: could not listen on \(listen): \(error)\n".utf8))
            throw ExitCode(1)
        }
        // Installed before the readiness line: a test may signal as soon as it reads the line.
        let termination = TerminationSignals()
        let address = ListenAddress(host: configuration.host, port: port)
        StandardOutput.line("mock-provider listening on http://\(address) (flavor \(configuration.flavor.rawValue))")
        await termination.wait()
        await server.stop()
    }

    /// The server configuration from the options, or exit code 2 with a message naming the option.
    private func makeConfiguration() throws -> MockProviderConfiguration {
        guard let address = ListenAddress(parsing: listen) else {
            throw Self.usageError("--listen must be HOST:PORT such as 127.0.0.1:9001 (port 0 picks a free port), got '\(listen)'")
        }
        guard let mockFlavor = MockFlavor(rawValue: flavor) else {
            throw Self.usageError(
                "--flavor must be one of: \(MockFlavor.allCases.map(\.rawValue).joined(separator: ", ")), got '\(flavor)'")
        }
        var faults = MockFaults()
        faults.status = status
        faults.retryAfter = retryAfter
        faults.failRate = failRate ?? faults.failRate
        faults.latencyMs = latencyMs ?? faults.latencyMs
        faults.chunks = chunks ?? faults.chunks
        faults.chunkDelayMs = chunkDelayMs ?? faults.chunkDelayMs
        faults.cutAfter = cutAfter
        faults.hang = hang
        if let failRate, !(0...1).contains(failRate) {
            throw Self.usageError("--fail-rate must be a probability in 0...1, got \(failRate)")
        }
        if let problem = faults.validationError {
            // The model names fields as in the control API (fail_rate); name the option instead.
            let field = problem.prefix { $0 != " " }
            throw Self.usageError("--" + field.replacingOccurrences(of: "_", with: "-") + problem.dropFirst(field.count))
        }
        if let embeddingDimensions, !(1...16384).contains(embeddingDimensions) {
            throw Self.usageError("--embedding-dimensions must be in 1...16384, got \(embeddingDimensions)")
        }
        var configuration = MockProviderConfiguration(host: address.host, port: address.port, flavor: mockFlavor, faults: faults)
        configuration.apiKey = apiKey
        configuration.embeddingDimensions = embeddingDimensions ?? configuration.embeddingDimensions
        configuration.seed = seed ?? configuration.seed
        return configuration
    }

    /// Bad usage exits 2 (DESIGN §3), not ArgumentParser's 64.
    private static func usageError(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("Error: \(message)\n  See 'signalbox mock-provider --help'.\n".utf8))
        return ExitCode(2)
    }

    /// SIGINT/SIGTERM sources installed on creation, so that a signal arriving right after the
    /// readiness line is not lost. Dispatch runs the handlers on a queue, not in signal context.
    private struct TerminationSignals {
        private let sources: [any DispatchSourceSignal]
        private let signals: AsyncStream<Int32>

        init() {
            let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
            let queue = DispatchQueue(label: "signalbox.mock-provider.signals")
            self.sources = [SIGINT, SIGTERM].map { number in
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { continuation.yield(number) }
                source.resume()
                return source
            }
            self.signals = signals
        }

        func wait() async {
            for await _ in signals { break }
            for source in sources { source.cancel() }
        }
    }
}
