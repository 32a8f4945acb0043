/// Fixed-width, locale-free formatting of the figures the console shows. No Foundation: the same
/// bytes on every machine, so snapshots are stable.
enum DisplayFormat {
    /// `value` with `decimals` digits after the point, rounded half away from zero.
    static func fixed(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return "—" }
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return value < 0 ? "-∞" : "∞" }
        let units = Int(scaled)
        let sign = value < 0 && units != 0 ? "-" : ""
        guard decimals > 0 else { return sign + String(units) }
        let divisor = Int(scale)
        var fraction = String(units % divisor)
        while fraction.count < decimals { fraction = "0" + fraction }
        return sign + String(units / divisor) + "." + fraction
    }

    /// `850µs`, `4.2ms`, `45ms`, `1.25s`, `2m05s`.
    static func latency(ms: Double) -> String {
        guard ms.isFinite, ms >= 0 else { return "—" }
        if ms < 1 { return "\(Int((ms * 1000).rounded()))µs" }
        if ms < 10 { return fixed(ms, decimals: 1) + "ms" }
        if ms < 1000 { return "\(Int(ms.rounded()))ms" }
        if ms < 60_000 { return fixed(ms / 1000, decimals: 2) + "s" }
        let seconds = Int((ms / 1000).rounded())
        return "\(seconds / 60)m" + pad2(seconds % 60) + "s"
    }

    /// Nanoseconds as a latency (`StageTimings` are in ns).
    static func latency(ns: UInt64) -> String { latency(ms: Double(ns) / 1_000_000) }

    /// `12.5%`; `—` when there is nothing to divide.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        return fixed(Double(part) * 100 / Double(whole), decimals: 1) + "%"
    }

    /// Requests per second: one decimal below 100, whole numbers above.
    static func rate(_ perSecond: Double) -> String {
        perSecond < 100 ? fixed(perSecond, decimals: 1) : String(Int(perSecond.rounded()))
    }

    /// `1,234` → `1234`, `12.3k`, `4.5M`: token counts in narrow columns.
    static func count(_ value: Int) -> String {
        if value < 10_000 { return String(value) }
        if value < 1_000_000 { return fixed(Double(value) / 1000, decimals: 1) + "k" }
        return fixed(Double(value) / 1_000_000, decimals: 1) + "M"
    }

    /// Micro-dollars as `$0.0042` below a cent, `$12.34` above.
    static func usd(micros: Int64) -> String {
        let dollars = Double(micros) / 1_000_000
        return "$" + fixed(dollars, decimals: abs(micros) < 10_000 && micros != 0 ? 4 : 2)
    }

    /// `512 B`, `12.0 KiB`, `3.4 MiB`.
    static func bytes(_ value: Int) -> String {
        if value < 1024 { return "\(value) B" }
        if value < 1024 * 1024 { return fixed(Double(value) / 1024, decimals: 1) + " KiB" }
        return fixed(Double(value) / (1024 * 1024), decimals: 1) + " MiB"
    }

    /// Wall-clock milliseconds since the epoch as `HH:MM:SS` (UTC: the console has no time zone).
    static func timeOfDay(ms: UInt64) -> String {
        let seconds = Int((ms / 1000) % 86_400)
        return pad2(seconds / 3600) + ":" + pad2(seconds / 60 % 60) + ":" + pad2(seconds % 60)
    }

    /// Wall-clock milliseconds since the epoch as `YYYY-MM-DD` (UTC; Hinnant's civil-from-days).
    static func date(ms: UInt64) -> String {
        let days = Int(ms / 86_400_000) + 719_468
        let era = days / 146_097
        let dayOfEra = days - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return String(year) + "-" + pad2(month) + "-" + pad2(day)
    }

    /// `5s`, `4m10s`, `2h03m`, `3d04h`: how long until (or since) something.
    static func duration(ms: UInt64) -> String {
        let seconds = Int(min(ms, UInt64(Int.max)) / 1000)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" + pad2(seconds % 60) + "s" }
        if seconds < 172_800 { return "\(seconds / 3600)h" + pad2(seconds / 60 % 60) + "m" }
        return "\(seconds / 86_400)d" + pad2(seconds / 3600 % 24) + "h"
    }

    /// A limit: whole dollars without decimals (`$5`, `$1000`), else as `usd(micros:)`.
    static func usdLimit(micros: Int64) -> String {
        micros % 1_000_000 == 0 ? "$" + String(micros / 1_000_000) : usd(micros: micros)
    }

    /// Micro-dollars with four decimals below a dollar (`$0.0383`), two above: small per-key spend.
    static func usdFine(micros: Int64) -> String {
        "$" + fixed(Double(micros) / 1_000_000, decimals: abs(micros) < 1_000_000 ? 4 : 2)
    }

    /// Dollars in at most 6 columns: `$0`, `<$0.01`, `$4.20`, `$1234`, `$12.3k`.
    static func usdShort(micros: Int64) -> String {
        if micros == 0 { return "$0" }
        if micros < 0 { return "-" + usdShort(micros: -micros) }
        if micros < 10_000 { return "<$0.01" }
        if micros < 100_000_000 { return "$" + fixed(Double(micros) / 1_000_000, decimals: 2) }
        if micros < 10_000_000_000 { return "$" + String(Int((Double(micros) / 1_000_000).rounded())) }
        return "$" + fixed(Double(micros) / 1_000_000_000, decimals: 1) + "k"
    }

    /// `1 key`, `2 keys`.
    static func plural(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }

    static func pad2(_ value: Int) -> String { value < 10 ? "0\(value)" : String(value) }

    /// `text` cut to `width` columns with a trailing `…`, or padded with spaces to exactly `width`.
    static func column(_ text: String, _ width: Int, alignRight: Bool = false) -> String {
        guard width > 0 else { return "" }
        let columns = displayWidth(text)
        if columns > width { return truncate(text, width) }
        let padding = String(repeating: " ", count: width - columns)
        return alignRight ? padding + text : text + padding
    }

    /// `text` cut to at most `width` columns, ending in `…` when cut.
    static func truncate(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        guard displayWidth(text) > width else { return text }
        var result = ""
        var used = 0
        for character in text {
            let cell = ScreenBuffer.displayWidth(of: character)
            if used + cell > width - 1 { break }
            result.append(character)
            used += cell
        }
        return result + "…"
    }

    /// The last `width` columns of `text`, starting with `…` when cut (ids differ at their end).
    static func tail(_ text: String, _ width: Int) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        return "…" + text.suffix(width - 1)
    }

    static func displayWidth(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += ScreenBuffer.displayWidth(of: character) }
        return total
    }
}
