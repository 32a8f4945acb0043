import SignalboxCore

@testable import Console

/// A fixed, deterministic stretch of gateway life for snapshot and behaviour tests: three
/// providers (one paused), a dozen requests including a failover, a client error, an upstream
/// failure and one still in flight, a key rotation and an operator action.
enum ConsoleScenario {
    /// 2025-06-15 15:06:40 UTC.
    static let start: UInt64 = 1_750_000_000_000
    static let now: UInt64 = start + 30_000

    static func id(_ number: Int) -> RequestID {
        let digits = String(number)
        return RequestID(rawValue: "req_01jx7kabcdefgh" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits)
    }

    static let providers: [ProviderSnapshot] = [
        ProviderSnapshot(
            id: "openai", kind: "openai", baseURL: "https://api.openai.com/v1", paused: false,
            keys: [
                .init(id: "primary", masked: "sk-…a1b2", weight: 3, paused: false, graceUntilMs: nil),
                .init(id: "backup", masked: "sk-…c3d4", weight: 1, paused: true, graceUntilMs: nil),
            ]),
        ProviderSnapshot(
            id: "anthropic", kind: "anthropic", baseURL: "https://api.anthropic.com", paused: false,
            keys: [.init(id: "main", masked: "sk-…e5f6", weight: 1, paused: false, graceUntilMs: nil)]),
        ProviderSnapshot(
            id: "local-vllm", kind: "openai", baseURL: "http://10.0.0.7:8000/v1", paused: true,
            keys: [.init(id: "none", masked: "****", weight: 1, paused: false, graceUntilMs: nil)]),
    ]

    static func timings(totalMs: Double, firstByteMs: Double = 0) -> StageTimings {
        var timings = StageTimings()
        timings.parse = 40_000
        timings.auth = 5_000
        timings.route = 12_000
        timings.upstreamQueue = 30_000
        timings.upstreamConnect = 0
        timings.upstreamFirstByte = UInt64(firstByteMs * 1_000_000)
        timings.upstreamTransfer = UInt64(max(0, totalMs - firstByteMs - 0.2) * 1_000_000)
        timings.encode = 25_000
        timings.total = UInt64(totalMs * 1_000_000)
        return timings
    }

    static func started(_ number: Int, atSecond second: Int, provider: String, model: String = "gpt-4o-mini", stream: Bool = false)
        -> GatewayEvent
    {
        .requestStarted(
            RequestStarted(
                id: id(number), timestampMs: start + UInt64(second) * 1000, endpoint: .chatCompletions, requestedModel: "fast",
                provider: provider, model: model, stream: stream))
    }

    static func finished(
        _ number: Int, atSecond second: Int, provider: String, model: String = "gpt-4o-mini", status: Int = 200, latencyMs: Double,
        attempts: Int = 1, tokens: (Int, Int)? = (12, 30), error: String? = nil, stream: Bool = false
    ) -> GatewayEvent {
        .requestFinished(
            RequestFinished(
                id: id(number), timestampMs: start + UInt64(second) * 1000 + UInt64(latencyMs), endpoint: .chatCompletions,
                requestedModel: "fast", provider: provider, model: model, stream: stream, status: status, attempts: attempts,
                usage: tokens.map { Usage(promptTokens: $0.0, completionTokens: $0.1) },
                timings: timings(totalMs: latencyMs, firstByteMs: latencyMs / 2),
                providerRequestID: "prov-\(number)", errorMessage: error))
    }

    static var events: [GatewayEvent] {
        var events: [GatewayEvent] = []
        let plain: [(Int, Int, String, String, Double)] = [
            (1, 2, "openai", "gpt-4o-mini", 45), (2, 4, "openai", "gpt-4o-mini", 52), (3, 6, "anthropic", "claude-3-5-haiku", 120),
            (4, 8, "openai", "gpt-4o-mini", 38), (5, 10, "anthropic", "claude-3-5-haiku", 140), (6, 12, "openai", "gpt-4o", 310),
        ]
        for (number, second, provider, model, latency) in plain {
            events.append(started(number, atSecond: second, provider: provider, model: model))
            events.append(finished(number, atSecond: second, provider: provider, model: model, latencyMs: latency))
        }
        // A failover: anthropic answers 529, openai takes over.
        events.append(started(7, atSecond: 14, provider: "anthropic", model: "claude-3-5-haiku"))
        events.append(
            .attemptFailed(
                AttemptFailed(
                    requestID: id(7), timestampMs: start + 14_200, provider: "anthropic", model: "claude-3-5-haiku", attempt: 1, status: 529,
                    reason: "overloaded", elapsedMs: 200)))
        events.append(finished(7, atSecond: 14, provider: "openai", status: 200, latencyMs: 480, attempts: 2))
        // A client error and an upstream failure.
        events.append(started(8, atSecond: 16, provider: "openai"))
        events.append(finished(8, atSecond: 16, provider: "openai", status: 400, latencyMs: 3, tokens: nil, error: "'messages' must not be empty."))
        events.append(started(9, atSecond: 18, provider: "openai", model: "gpt-4o", stream: true))
        events.append(
            .attemptFailed(
                AttemptFailed(
                    requestID: id(9), timestampMs: start + 18_900, provider: "openai", model: "gpt-4o", attempt: 1, status: nil,
                    reason: "timed out waiting for the first byte", elapsedMs: 900)))
        events.append(
            finished(
                9, atSecond: 18, provider: "openai", model: "gpt-4o", status: 504, latencyMs: 900, tokens: nil, error: "Upstream timed out.",
                stream: true))
        events.append(
            .providerStateChanged(ProviderStateChanged(timestampMs: start + 20_000, provider: "local-vllm", key: nil, paused: true)))
        events.append(
            .operatorAction(
                OperatorAction(
                    timestampMs: start + 20_000, actor: "console", command: "pause provider local-vllm", succeeded: true, summary: "paused local-vllm"
                )))
        events.append(
            .keyRotated(KeyRotated(timestampMs: start + 22_000, provider: "openai", key: "primary", maskedSecret: "sk-…9z8y", graceSeconds: 300)))
        events.append(started(10, atSecond: 24, provider: "openai", model: "gpt-4o-mini"))
        events.append(finished(10, atSecond: 24, provider: "openai", latencyMs: 61))
        events.append(started(11, atSecond: 26, provider: "anthropic", model: "claude-3-5-haiku", stream: true))
        events.append(finished(11, atSecond: 26, provider: "anthropic", model: "claude-3-5-haiku", latencyMs: 1250, tokens: (20, 480), stream: true))
        // Still in flight when the snapshot is taken.
        events.append(started(12, atSecond: 29, provider: "openai", model: "gpt-4o"))
        return events
    }

    /// The scenario applied to a fresh model of the given size, ticked to `now`.
    static func model(width: Int = 80, height: Int = 24, readOnly: Bool = false) -> ConsoleModel {
        var model = ConsoleModel(readOnly: readOnly, width: width, height: height, nowMs: start)
        model.apply(providers: providers)
        for event in events { model.apply(event) }
        model.apply(busDrops: 0)
        // No store, no budgets and no response cache: the plain gateway (GovernanceScenario and
        // CacheScenario add them).
        model.apply(budgets: [])
        model.apply(audit: .storeOff)
        model.apply(cacheStats: nil)
        model.tick(nowMs: now)
        return model
    }

    /// A chat completion response body as a provider sends it (compact JSON).
    static func completion(id: String, content: String, completionTokens: Int) -> String {
        #"{"id":"\#(id)","object":"chat.completion","model":"gpt-4o-mini","#
            + #""choices":[{"index":0,"message":{"role":"assistant","content":"\#(content)"},"finish_reason":"stop"}],"#
            + #""usage":{"prompt_tokens":12,"completion_tokens":\#(completionTokens),"total_tokens":\#(12 + completionTokens)}}"#
    }

    static func recorded(_ number: Int, provider: String = "openai", responseBody: String? = nil, truncated: Bool = false) -> RecordedExchange {
        let request = #"{"model":"fast","messages":[{"role":"user","content":"Say hello"}],"temperature":0.2}"#
        let response =
            responseBody
            ?? completion(id: "chatcmpl-1", content: "Hello!", completionTokens: 30)
        let responseBytes = Array(response.utf8)
        return RecordedExchange(
            id: id(number), timestampMs: start + 2_000, endpoint: .chatCompletions, requestedModel: "fast", provider: provider,
            model: "gpt-4o-mini", stream: false, status: 200,
            requestHeaders: [HTTPField("authorization", "Bearer sb-…7f3a"), HTTPField("content-type", "application/json")],
            requestBody: CappedBody(bytes: Array(request.utf8), totalLength: request.utf8.count),
            responseHeaders: [HTTPField("content-type", "application/json"), HTTPField("x-signalbox-provider", provider)],
            responseBody: CappedBody(
                bytes: truncated ? Array(responseBytes.prefix(60)) : responseBytes, totalLength: truncated ? 4_096 : responseBytes.count),
            attempts: [
                AttemptRecord(provider: "anthropic", model: "claude-3-5-haiku", keyID: "main", status: 529, failure: "overloaded", elapsedMs: 200),
                AttemptRecord(provider: provider, model: "gpt-4o-mini", keyID: "primary", status: 200, failure: nil, elapsedMs: 45),
            ],
            usage: Usage(promptTokens: 12, completionTokens: 30), timings: timings(totalMs: 45, firstByteMs: 20), providerRequestID: "prov-\(number)",
            errorMessage: nil)
    }
}

extension ConsoleModel {
    /// Renders at the model's size.
    var screen: ScreenBuffer {
        var screen = ScreenBuffer(width: width, height: height)
        render(into: &screen)
        return screen
    }

    /// Sends keys in order and returns every effect they produced.
    @discardableResult
    mutating func press(_ keys: KeyInput...) -> [ConsoleEffect] {
        keys.flatMap { handle($0) }
    }

    /// Types `text` one character at a time.
    @discardableResult
    mutating func type(_ text: String) -> [ConsoleEffect] {
        text.flatMap { handle(.character($0)) }
    }
}

extension ScreenBuffer {
    /// Column and row of the first occurrence of `text` on screen.
    func locate(_ text: String) -> (x: Int, y: Int)? {
        let needle = Array(text)
        for y in 0..<height {
            var characters: [(column: Int, character: Character)] = []
            for x in 0..<width { if let character = self[x, y].character { characters.append((x, character)) } }
            guard characters.count >= needle.count else { continue }
            for start in 0...(characters.count - needle.count)
            where (0..<needle.count).allSatisfy({ characters[start + $0].character == needle[$0] }) {
                return (characters[start].column, y)
            }
        }
        return nil
    }
}
