import Foundation
import SignalboxCore
import Testing

@testable import Console

/// Effects run off the terminal thread; their results come back through the inbox.
@Suite struct ConsoleRunnerEffectTests {
    let backend = RecordingBackend()
    let inbox = ConsoleInbox()

    func executor(environment: [String: String] = [:]) -> ConsoleEffectExecutor {
        ConsoleEffectExecutor(backend: backend, inbox: inbox, environment: { environment })
    }

    @Test func aCommandRunsAsTheConsoleThenProvidersAreRefreshed() async {
        await executor().perform(.execute(.pauseProvider("alpha")))?.value
        #expect(backend.commands.map(\.command) == [.pauseProvider("alpha")])
        #expect(backend.commands.map(\.actor) == ["console"])
        let messages = inbox.takeAll()
        #expect(messages.count == 2)
        #expect(messages.first == .outcome(.done("pause provider alpha: done"), .pauseProvider("alpha")))
        if case .providers(let providers) = messages.last { #expect(providers.map(\.id) == ["alpha"]) } else { Issue.record("\(messages)") }
    }

    @Test func rotateReadsTheSecretFromTheEnvironment() async {
        await executor(environment: ["NEW_KEY": "sk-new-secret-0042"])
            .perform(.rotateKey(provider: "alpha", key: "primary", source: .environment("NEW_KEY"), graceSeconds: 30))?.value
        #expect(
            backend.commands.map(\.command) == [
                .rotateKey(provider: "alpha", key: "primary", newSecret: Secret("sk-new-secret-0042"), graceSeconds: 30)
            ])
    }

    @Test func rotateReadsTheSecretFromAFileWithoutItsNewline() async throws {
        let path = NSTemporaryDirectory() + "signalbox-secret-\(UUID().uuidString)"
        try "sk-from-file-0043\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        await executor().perform(.rotateKey(provider: "alpha", key: "primary", source: .file(path), graceSeconds: nil))?.value
        #expect(
            backend.commands.map(\.command) == [
                .rotateKey(provider: "alpha", key: "primary", newSecret: Secret("sk-from-file-0043"), graceSeconds: nil)
            ])
    }

    @Test func aMissingSecretIsRefusedWithoutRunningAnything() async throws {
        await executor().perform(.rotateKey(provider: "alpha", key: "primary", source: .environment("UNSET_KEY"), graceSeconds: nil))?.value
        #expect(backend.commands.isEmpty)
        let messages = inbox.takeAll()
        guard case .outcome(.refused(let message), .rotateKey(let provider, let key, _, _)) = messages.first, messages.count == 1 else {
            Issue.record("\(messages)")
            return
        }
        #expect((provider, key) == ("alpha", "primary"))
        #expect(message == "key not rotated: environment variable UNSET_KEY is not set in the gateway's environment")
    }

    @Test func loadRequestAndRefreshPostTheirResults() async {
        let id = RequestID(rawValue: "req_gone")
        await executor().perform(.loadRequest(id))?.value
        await executor().perform(.refreshProviders)?.value
        let messages = inbox.takeAll()
        #expect(messages.first == .recorded(nil, id))
        #expect(messages.count == 2)
        #expect(executor().perform(.quit) == nil)
    }
}

/// `SecretSource` → secret, with the refusals an operator sees.
@Suite struct ConsoleRunnerSecretTests {
    func read(_ source: SecretSource, environment: [String: String] = [:]) -> String {
        switch source.readSecret(environment: environment) {
        case .success(let secret): "secret:" + secret.reveal()
        case .failure(let error): error.message
        }
    }

    /// A file holding `content`, removed after `body`.
    func withFile(_ content: String, _ body: (String) throws -> Void) throws {
        let path = NSTemporaryDirectory() + "signalbox-secret-\(UUID().uuidString)"
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try body(path)
    }

    @Test func environment() {
        #expect(read(.environment("K"), environment: ["K": "sk-value"]) == "secret:sk-value")
        #expect(read(.environment("K")) == "environment variable K is not set in the gateway's environment")
        #expect(read(.environment("K"), environment: ["K": ""]) == "environment variable K is empty")
        #expect(read(.environment("K"), environment: ["K": "a\nb"]) == "environment variable K holds more than one line")
    }

    @Test func fileContentLosesExactlyOneTrailingNewline() throws {
        try withFile("sk-a\n") { #expect(read(.file($0)) == "secret:sk-a") }
        try withFile("sk-b\r\n") { #expect(read(.file($0)) == "secret:sk-b") }
        try withFile("sk-c") { #expect(read(.file($0)) == "secret:sk-c") }
        try withFile("sk-d\n\n") { #expect(read(.file($0)) == "file \($0) holds more than one line") }
        try withFile("\n") { #expect(read(.file($0)) == "file \($0) is empty") }
        #expect(read(.file("/nonexistent/secret")) == "file /nonexistent/secret does not exist")
    }
}
