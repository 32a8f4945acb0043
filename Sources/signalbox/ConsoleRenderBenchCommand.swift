import ArgumentParser
import Console
import Foundation
import SignalboxCore

/// `make bench` times the console's frame: the model rendering into a screen buffer with a full
/// request ring, in the views that draw the most. Hidden from help; prints one JSON object.
struct ConsoleRenderBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console-render-bench", abstract: "Time console frames (used by make bench).", shouldDisplay: false)

    @Option var width = 200
    @Option var height = 60
    @Option var rows = 5_000
    @Option var frames = 300

    func validate() throws {
        guard width > 0, height > 0, rows >= 0, frames > 0 else { throw ValidationError("sizes and counts must be positive") }
    }

    func run() throws {
        var views: [String: Any] = [:]
        var worstP99 = 0.0
        var worstP50 = 0.0
        for view in [ConsoleView.overview, .requests, .providers] {
            var model = ConsoleModel.benchmarkModel(rows: rows, width: width, height: height, view: view)
            let start: UInt64 = 1_760_000_000_000
            var samples: [Double] = []
            samples.reserveCapacity(frames)
            var screen = ScreenBuffer(width: width, height: height)
            for frame in 0..<frames {
                // Every frame has something new to show, as under load.
                var timings = StageTimings()
                timings.total = UInt64(30 + frame % 50) * 1_000_000
                model.apply(
                    .requestFinished(
                        RequestFinished(
                            id: RequestID(rawValue: "req_frame\(frame)"), timestampMs: start + UInt64(frame) * 100, endpoint: .chatCompletions,
                            requestedModel: "fast", provider: "openai", model: "gpt-4o-mini", stream: false, status: 200, attempts: 1,
                            usage: Usage(promptTokens: 10, completionTokens: 20), timings: timings, providerRequestID: nil, errorMessage: nil)))
                model.tick(nowMs: start + UInt64(frame) * 100)
                let begin = ContinuousClock.now
                model.render(into: &screen)
                let elapsed = ContinuousClock.now - begin
                samples.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15)
            }
            samples.sort()
            let p50 = samples[samples.count / 2]
            let p99 = samples[min(samples.count - 1, Int(Double(samples.count) * 0.99))]
            views[view.title] = ["p50_ms": p50, "p99_ms": p99, "max_ms": samples.last ?? 0]
            worstP50 = max(worstP50, p50)
            worstP99 = max(worstP99, p99)
        }
        let result: [String: Any] = [
            "width": width, "height": height, "rows": rows, "frames": frames, "views": views, "p50_ms": worstP50, "p99_ms": worstP99,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
