import SignalboxCore

extension ConsoleModel {
    /// A model with `rows` finished requests over three providers, for render benchmarks (the
    /// lead's release-build bench times `render` on it; unit tests only check what it draws).
    public static func benchmarkModel(rows: Int = requestCapacity, width: Int = 200, height: Int = 60, view: ConsoleView = .requests)
        -> ConsoleModel
    {
        let start: UInt64 = 1_750_000_000_000
        var model = ConsoleModel(readOnly: false, width: width, height: height, nowMs: start)
        let providerIDs = ["openai", "anthropic", "local-vllm"]
        model.apply(
            providers: providerIDs.map { id in
                ProviderSnapshot(
                    id: id, kind: id == "local-vllm" ? "openai" : id, baseURL: "https://\(id).example", paused: false,
                    keys: [.init(id: "primary", masked: "sk-…0001", weight: 1, paused: false, graceUntilMs: nil)])
            })
        for index in 0..<rows {
            let timestamp = start + UInt64(index) * 10
            let id = RequestID(rawValue: "req_bench" + String(index))
            let provider = providerIDs[index % providerIDs.count]
            var timings = StageTimings()
            timings.total = UInt64(20 + index % 400) * 1_000_000
            if index % 97 == 0 {
                model.apply(
                    .attemptFailed(
                        AttemptFailed(
                            requestID: id, timestampMs: timestamp, provider: provider, model: "gpt-4o-mini", attempt: 1, status: 503,
                            reason: "upstream unavailable", elapsedMs: 12)))
            }
            model.apply(
                .requestFinished(
                    RequestFinished(
                        id: id, timestampMs: timestamp, endpoint: .chatCompletions, requestedModel: "fast", provider: provider,
                        model: "gpt-4o-mini", stream: index % 3 == 0, status: index % 97 == 0 ? 502 : 200, attempts: 1,
                        usage: Usage(promptTokens: 12, completionTokens: index % 300), timings: timings, providerRequestID: nil,
                        errorMessage: nil)))
        }
        model.tick(nowMs: start + UInt64(rows) * 10)
        _ = model.handle(.character(Character(String(view.rawValue))))
        return model
    }

    /// Renders `model` `iterations` times into one buffer and returns a checksum of the last frame
    /// (so the work cannot be optimised away). Time it from outside, in a release build:
    /// `let model = ConsoleModel.benchmarkModel(); let t = ContinuousClock().measure { _ = ConsoleModel.benchmarkRender(model, iterations: 1000) }`.
    public static func benchmarkRender(_ model: ConsoleModel, iterations: Int) -> Int {
        var screen = ScreenBuffer(width: model.width, height: model.height)
        for _ in 0..<max(1, iterations) { model.render(into: &screen) }
        return screen.cells.reduce(0) { $0 &+ ($1.character?.unicodeScalars.first.map { Int($0.value) } ?? 0) }
    }
}
