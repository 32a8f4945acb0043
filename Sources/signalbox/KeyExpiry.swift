import Foundation

/// `--expires` values: a duration from now (`90m`, `12h`, `30d`, `2w`) or a UTC date (`2026-01-31`).
enum KeyExpiry {
    static func parse(_ text: String, now: Date) -> Date? {
        let units: [Character: Double] = ["m": 60, "h": 3600, "d": 86_400, "w": 604_800]
        if let unit = text.last.flatMap({ units[$0] }), let count = Int(text.dropLast()), count > 0 {
            return now.addingTimeInterval(Double(count) * unit)
        }
        guard let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) else { return nil }
        return date > now ? date : nil
    }

    static func format(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
