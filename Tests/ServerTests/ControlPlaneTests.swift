import Engine
import Foundation
import MockProvider
import Server
import SignalboxCore
import Testing

@Suite("Control plane: pause, rotate, replay, request record")
struct ControlPlaneTests {
    static func chat(_ model: String, _ content: String = "hello") -> String {
        #"{"model":"\#(model)","messages":[{"role":"user","content":"\#(content)"}]}"#
    }

    @Test("a paused provider gets no new traffic; all paused answers 503; resume restores")
    func pauseAndResume() async throws {
        let harness = try await GatewayHarness.start(withBackup: true)
        let backup = try #require(harness.backup)
        let control = harness.runtime.controlPlane

        let before = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        #expect(before.headers.first("x-signalbox-provider") == "mock-openai")

        let paused = await control.execute(.pauseProvider("mock-openai"), actor: "test")
        #expect(paused.succeeded)
        #expect(control.providers().first { $0.id == "mock-openai" }?.paused == true)
        let primaryCount = harness.mock.recordedRequests.count
        let moved = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        #expect(moved.status == 200)
        #expect(moved.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(backup.recordedRequests.last?.body?["model"] == .string("backup-gpt"))
        let bypass = try await harness.send(harness.request("/chat/completions", body: Self.chat("mock-openai/mock-gpt")))
        #expect(bypass.status == 503)
        #expect(bypass.body.contains("paused"))

        _ = await control.execute(.pauseProvider("mock-backup"), actor: "test")
        let backupCount = backup.recordedRequests.count
        let none = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        #expect(none.status == 503)
        #expect(none.headers.first("retry-after") != nil)
        #expect(none.body.contains("mock-openai, mock-backup"))
        #expect(harness.mock.recordedRequests.count == primaryCount)
        #expect(backup.recordedRequests.count == backupCount)

        let again = await control.execute(.pauseProvider("mock-backup"), actor: "test")
        #expect(again == .done("mock-backup is already paused"))
        #expect(await control.execute(.pauseProvider("nope"), actor: "test") == .refused("no provider 'nope'"))

        _ = await control.execute(.resumeProvider("mock-openai"), actor: "test")
        let after = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        #expect(after.headers.first("x-signalbox-provider") == "mock-openai")
        #expect(harness.mock.recordedRequests.count == primaryCount + 1)

        var changes: [ProviderStateChanged] = []
        var actions: [OperatorAction] = []
        for event in harness.events.drain(max: 10_000) {
            if case .providerStateChanged(let change) = event { changes.append(change) }
            if case .operatorAction(let action) = event { actions.append(action) }
        }
        await harness.stop()

        #expect(changes.map(\.paused) == [true, true, false])
        #expect(changes.map(\.provider) == ["mock-openai", "mock-backup", "mock-openai"])
        #expect(actions.count == 5)
        #expect(actions.allSatisfy { $0.actor == "test" })
        #expect(actions.filter { !$0.succeeded }.map(\.command) == ["pause provider nope"])
        #expect(control.actionLog().map(\.command) == actions.map(\.command))
    }

    @Test("pausing a provider's only key takes the provider out of its routes")
    func pauseKey() async throws {
        let harness = try await GatewayHarness.start(withBackup: true)
        let control = harness.runtime.controlPlane
        #expect(await control.execute(.pauseKey(provider: "mock-openai", key: "primary"), actor: "test").succeeded)
        let moved = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        let refused = await control.execute(.pauseKey(provider: "mock-openai", key: "other"), actor: "test")
        let snapshot = control.providers().first { $0.id == "mock-openai" }
        _ = await control.execute(.resumeKey(provider: "mock-openai", key: "primary"), actor: "test")
        let back = try await harness.send(harness.request("/chat/completions", body: Self.chat("duo")))
        await harness.stop()

        #expect(moved.headers.first("x-signalbox-provider") == "mock-backup")
        #expect(refused == .refused("provider 'mock-openai' has no key 'other'"))
        #expect(snapshot?.keys.first?.paused == true)
        #expect(snapshot?.paused == false)
        #expect(back.headers.first("x-signalbox-provider") == "mock-openai")
    }

    @Test("a rotated key reaches the provider; only its masked form is published")
    func rotateKey() async throws {
        let harness = try await GatewayHarness.start(withBackup: true)
        let backup = try #require(harness.backup)
        let control = harness.runtime.controlPlane
        let newSecret = "sk-rotated-secret-value-9999"

        let outcome = await control.execute(
            .rotateKey(provider: "mock-backup", key: "main", newSecret: Secret(newSecret), graceSeconds: 120), actor: "console")
        let response = try await harness.send(harness.request("/chat/completions", body: Self.chat("mock-backup/backup-gpt")))
        let empty = await control.execute(.rotateKey(provider: "mock-backup", key: "main", newSecret: Secret(""), graceSeconds: nil), actor: "t")
        let same = await control.execute(
            .rotateKey(provider: "mock-backup", key: "main", newSecret: Secret(newSecret), graceSeconds: nil), actor: "t")
        let unknown = await control.execute(.rotateKey(provider: "mock-backup", key: "x", newSecret: Secret("sk-a-b-c-d-e-f"), graceSeconds: nil), actor: "t")
        let snapshot = try #require(control.providers().first { $0.id == "mock-backup" })
        let events = harness.events.drain(max: 10_000)
        await harness.stop()

        #expect(outcome.succeeded)
        #expect(response.status == 200)
        #expect(backup.recordedRequests.last?.headers["authorization"] == "Bearer " + newSecret)
        #expect(!empty.succeeded)
        #expect(!same.succeeded)
        #expect(unknown == .refused("provider 'mock-backup' has no key 'x'"))
        #expect(snapshot.keys.first?.masked == Secret(newSecret).masked)
        #expect(snapshot.keys.first?.graceUntilMs ?? 0 > UInt64(Date().timeIntervalSince1970 * 1_000) + 100_000)
        let rotated = events.compactMap { event -> KeyRotated? in
            if case .keyRotated(let rotated) = event { return rotated }
            return nil
        }
        #expect(rotated.map(\.graceSeconds) == [120])
        #expect(rotated.first?.maskedSecret == Secret(newSecret).masked)
        // No event, outcome or action text carries the secret itself.
        #expect(!"\(events)".contains(newSecret))
        #expect(!outcome.summary.contains(newSecret))
        #expect(!control.actionLog().contains { $0.command.contains(newSecret) || $0.summary.contains(newSecret) })
    }

    @Test("replay sends the recorded request again, to the same or another provider")
    func replay() async throws {
        let harness = try await GatewayHarness.start(withBackup: true)
        let backup = try #require(harness.backup)
        let control = harness.runtime.controlPlane
        let original = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test", "replay me")))
        let id = try #require(original.headers.first("x-signalbox-request-id").map(RequestID.init(rawValue:)))
        // The client can have its answer before the engine has recorded it; the event comes after.
        #expect(await harness.nextFinished()?.id == id)
        let upstreamBefore = harness.mock.recordedRequests.count

        let same = await control.execute(.replay(id, provider: nil), actor: "test")
        let elsewhere = await control.execute(.replay(id, provider: "mock-backup"), actor: "test")
        let missing = await control.execute(.replay(RequestID(rawValue: "req_missing"), provider: nil), actor: "test")
        await harness.stop()

        guard case .replayed(let result) = same else {
            Issue.record("expected a replay, got \(same)")
            return
        }
        #expect(harness.mock.recordedRequests.count == upstreamBefore + 1)
        #expect(harness.mock.recordedRequests.last?.body?["messages"] == .array([.object(["role": .string("user"), "content": .string("replay me")])]))
        #expect(result.original.id == id)
        #expect(result.replay.id != id)
        #expect(result.replay.replayOf == id)
        #expect(result.replay.status == 200)
        #expect(result.replay.provider == "mock-openai")
        #expect(result.replay.responseBody.text.contains("chat.completion"))
        #expect(result.original.requestBody == result.replay.requestBody)

        guard case .replayed(let moved) = elsewhere else {
            Issue.record("expected a replay, got \(elsewhere)")
            return
        }
        #expect(moved.replay.provider == "mock-backup")
        #expect(backup.recordedRequests.count == 1)
        #expect(backup.recordedRequests.last?.body?["model"] == .string("mock-gpt"))
        #expect(!missing.succeeded)
    }

    @Test("the request record masks credentials, keeps bodies (streams too) and refused requests")
    func record() async throws {
        let harness = try await GatewayHarness.start()
        let control = harness.runtime.controlPlane
        let plain = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test")))
        let streamed = try await harness.send(
            harness.request("/chat/completions", body: #"{"model":"gpt-test","stream":true,"messages":[{"role":"user","content":"s"}]}"#))
        let bad = try await harness.send(harness.request("/chat/completions", body: #"{"model":"gpt-test"}"#))
        for _ in 0..<3 { _ = await harness.nextFinished() }
        func id(_ response: (status: Int, headers: [HTTPField], body: String)) throws -> RequestID {
            try #require(response.headers.first("x-signalbox-request-id").map(RequestID.init(rawValue:)))
        }
        let plainRecord = try #require(control.recordedRequest(try id(plain)))
        let streamRecord = try #require(control.recordedRequest(try id(streamed)))
        let badRecord = try #require(control.recordedRequest(try id(bad)))
        let recent = control.recentRequests(limit: 2)
        await harness.stop()

        let authorization = try #require(plainRecord.requestHeaders.first("authorization"))
        #expect(authorization.hasPrefix("Bearer sk-…"))
        #expect(!authorization.contains(GatewayHarness.clientKey))
        #expect(plainRecord.requestBody.text == Self.chat("gpt-test"))
        #expect(plainRecord.responseBody.text == plain.body)
        #expect(plainRecord.attempts.count == 1)
        #expect(plainRecord.attempts.first?.keyID == "primary")
        #expect(plainRecord.attempts.first?.status == 200)
        #expect(plainRecord.usage != nil)
        #expect(plainRecord.routeReason == "weighted: mock-openai/mock-gpt drew 1/1")
        #expect(streamRecord.stream)
        #expect(streamRecord.responseBody.text == streamed.body)
        #expect(streamRecord.responseBody.text.contains("data: [DONE]"))
        #expect(badRecord.status == 400)
        #expect(badRecord.responseBody.text.contains("messages"))
        #expect(badRecord.attempts.isEmpty)
        #expect(recent.map(\.id) == [try id(bad), try id(streamed)])
    }

    @Test("bodies over the cap are cut, and such a request cannot be replayed")
    func cappedBodies() async throws {
        let harness = try await GatewayHarness.start(control: ControlConfig(recentRequests: 2, recentBodyBytes: 32))
        let control = harness.runtime.controlPlane
        let long = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test", String(repeating: "x", count: 100))))
        let id = try #require(long.headers.first("x-signalbox-request-id").map(RequestID.init(rawValue:)))
        #expect(await harness.nextFinished()?.id == id)
        let record = try #require(control.recordedRequest(id))
        let outcome = await control.execute(.replay(id, provider: nil), actor: "test")
        let upstream = harness.mock.recordedRequests.count
        // The ring keeps two requests: two more push this one out.
        _ = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test")))
        _ = try await harness.send(harness.request("/chat/completions", body: Self.chat("gpt-test")))
        for _ in 0..<2 { _ = await harness.nextFinished() }
        let evicted = control.recordedRequest(id)
        await harness.stop()

        #expect(record.requestBody.bytes.count == 32)
        #expect(record.requestBody.isTruncated)
        #expect(record.requestBody.totalLength == Self.chat("gpt-test", String(repeating: "x", count: 100)).utf8.count)
        #expect(record.responseBody.isTruncated)
        #expect(!outcome.succeeded)
        #expect(outcome.summary.contains("recent_body_bytes"))
        #expect(upstream == 1)
        #expect(evicted == nil)
    }
}
