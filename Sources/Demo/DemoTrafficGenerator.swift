import Foundation
public import Logging
import SignalboxCore
public import Upstream

/// Synthetic application traffic for the demo: several workers sending chat (streamed and not)
/// and embedding requests through the gateway over loopback, with repeated and paraphrased
/// prompts, as real applications do.
public struct DemoTrafficGenerator: Sendable {
    public var gatewayBaseURL: String
    public var chatRoutes: [String]
    public var embeddingRoute: String
    public var workers: Int
    /// Pause between two requests of one worker.
    public var thinkTimeMs: ClosedRange<Int>

    static let prompts = [
        "Summarise the incident report for the payments outage.",
        "Summarize the incident report for the payments outage.",
        "Give me a summary of the payments outage incident report.",
        "Write a haiku about on-call engineers at 3am.",
        "Translate 'the deploy is rolled back' into French.",
        "What is the capital of Australia?",
        "What's the capital city of Australia?",
        "Explain circuit breakers in distributed systems in two sentences.",
    ]

    public init(gatewayBaseURL: String, chatRoutes: [String], embeddingRoute: String, workers: Int = 6, thinkTimeMs: ClosedRange<Int> = 150...600) {
        self.gatewayBaseURL = gatewayBaseURL
        self.chatRoutes = chatRoutes
        self.embeddingRoute = embeddingRoute
        self.workers = workers
        self.thinkTimeMs = thinkTimeMs
    }

    /// Runs until the task is cancelled.
    public func run(client: any UpstreamClient, logger: Logger) async {
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<workers {
                group.addTask { await self.work(worker: worker, client: client, logger: logger) }
            }
        }
    }

    private func work(worker: Int, client: any UpstreamClient, logger: Logger) async {
        var random = SystemRandomNumberGenerator()
        var sequence = worker
        while !Task.isCancelled {
            sequence += 1
            let request: OutboundRequest
            if sequence % 7 == 0 {
                request = embeddingRequest(prompt: Self.prompts.randomElement(using: &random)!)
            } else {
                let route = chatRoutes[(sequence + worker) % chatRoutes.count]
                request = chatRequest(route: route, prompt: Self.prompts.randomElement(using: &random)!, stream: sequence % 3 == 0)
            }
            do {
                let response = try await client.execute(request)
                for try await _ in response.body {}
            } catch {
                if !Task.isCancelled { logger.debug("demo request failed", metadata: ["error": "\(error)"]) }
            }
            try? await Task.sleep(for: .milliseconds(Int.random(in: thinkTimeMs, using: &random)))
        }
    }

    private func chatRequest(route: String, prompt: String, stream: Bool) -> OutboundRequest {
        let body = ChatCompletionRequest(
            model: route, messages: [ChatMessage(role: .user, content: .text(prompt))], stream: stream ? true : nil)
        return post("/chat/completions", body: (try? JSONEncoder().encode(body)) ?? Data())
    }

    private func embeddingRequest(prompt: String) -> OutboundRequest {
        let body = EmbeddingRequest(model: embeddingRoute, input: .text(prompt))
        return post("/embeddings", body: (try? JSONEncoder().encode(body)) ?? Data())
    }

    private func post(_ path: String, body: Data) -> OutboundRequest {
        OutboundRequest(
            method: .post, url: gatewayBaseURL + path,
            headers: [HTTPField("Content-Type", "application/json"), HTTPField("Authorization", "Bearer sk-sb-demo-application")],
            body: [UInt8](body), timeouts: ProviderTimeouts(connectMs: 1_000, firstByteMs: 30_000, idleMs: 30_000, totalMs: 120_000),
            httpVersion: .http1)
    }
}
