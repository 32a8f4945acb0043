import Foundation
import Testing

@testable import Console

/// Text snapshots of rendered screens, one `Snapshots/NAME.txt` per snapshot (the folder is
/// excluded from the target in Package.swift and read from the source tree via `#filePath`).
/// A missing or different snapshot fails with a line diff;
/// `SIGNALBOX_RECORD_SNAPSHOTS=1 swift test --filter ConsoleTests` rewrites them (and still
/// fails, so a recording run never passes by accident).
enum SnapshotAssertion {
    static func directory(_ filePath: String) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    }

    static func assertSnapshot(
        _ screen: ScreenBuffer, named name: String, filePath: String = #filePath, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let actual = screen.snapshot
        let file = directory(filePath).appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["SIGNALBOX_RECORD_SNAPSHOTS"] == "1" {
            do {
                try (actual + "\n").write(to: file, atomically: true, encoding: .utf8)
                Issue.record("recorded snapshot \(name); run again without SIGNALBOX_RECORD_SNAPSHOTS", sourceLocation: sourceLocation)
            } catch {
                Issue.record("could not write \(file.path): \(error)", sourceLocation: sourceLocation)
            }
            return
        }
        guard let stored = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record(
                "missing snapshot \(name) (\(file.path)); record it with SIGNALBOX_RECORD_SNAPSHOTS=1. Actual screen:\n\(actual)",
                sourceLocation: sourceLocation)
            return
        }
        let expected = stored.hasSuffix("\n") ? String(stored.dropLast()) : stored
        if expected != actual {
            Issue.record("snapshot \(name) differs (- expected, + actual):\n\(readableDiff(expected, actual))", sourceLocation: sourceLocation)
        }
    }

    private static func number(_ row: Int) -> String {
        let text = String(row)
        return String(repeating: " ", count: max(0, 3 - text.count)) + text
    }

    /// Changed lines with their row numbers and one row of context.
    static func readableDiff(_ expected: String, _ actual: String) -> String {
        let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var output: [String] = []
        var row = 0
        let diff = TextDiff.lines(from: old, to: new)
        for (index, line) in diff.enumerated() {
            let nearChange = diff[max(0, index - 1)...min(diff.count - 1, index + 1)].contains {
                if case .same = $0 { return false } else { return true }
            }
            switch line {
            case .same(let text):
                if nearChange { output.append(number(row) + "   " + text) }
                row += 1
            case .removed(let text):
                output.append(number(row) + " - " + text)
            case .added(let text):
                output.append(number(row) + " + " + text)
                row += 1
            }
        }
        return output.joined(separator: "\n")
    }
}
