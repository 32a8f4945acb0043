import SignalboxCore

/// Lays out a recorded exchange (inspector) and a replay result (diff view) as styled lines.
/// Headers arrive masked from the engine and are shown as they are.
enum ExchangeDocument {
    static let bodyIndent = "  "

    static func lines(for exchange: RecordedExchange, cache: RequestCacheResult? = nil, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let kind = exchange.endpoint.rawValue + (exchange.stream ? " · stream" : "")
        lines.append(.heading("\(exchange.id)  \(kind)  \(DisplayFormat.timeOfDay(ms: exchange.timestampMs)) UTC"))
        if let original = exchange.replayOf { lines.append(.field("replay of", original.rawValue)) }
        lines.append(.field("status", statusText(exchange.status), role: statusRole(exchange.status)))
        lines.append(.field("provider", exchange.provider.isEmpty ? "— (none chosen)" : exchange.provider))
        let asked = exchange.requestedModel == exchange.model || exchange.requestedModel.isEmpty ? "" : "  (asked for \(exchange.requestedModel))"
        lines.append(.field("model", (exchange.model.isEmpty ? "—" : exchange.model) + asked))
        lines.append(.field("provider id", exchange.providerRequestID ?? "—"))
        if !exchange.routeReason.isEmpty { lines.append(.field("route", exchange.routeReason)) }
        if let error = exchange.errorMessage {
            for (index, piece) in StyledLine.wrap(error, width: max(10, width - 16)).enumerated() {
                lines.append(.field(index == 0 ? "error" : "", piece, role: .error))
            }
        }
        lines.append(.field("tokens", tokens(exchange.usage)))
        if let cache { lines.append(.field("cache", cache.summary, role: cache.outcome.isHit ? .healthy : .text)) }
        lines.append(StyledLine())

        lines.append(.heading("Attempts"))
        if exchange.attempts.isEmpty {
            let why = cache?.outcome.isHit == true ? "answered from the response cache" : "the request failed before reaching a provider"
            lines.append(StyledLine(bodyIndent + "none: " + why, role: .dim))
        } else {
            lines.append(StyledLine(bodyIndent + attemptRow("#", "PROVIDER", "MODEL", "KEY", "STATUS", "ELAPSED", "FAILURE"), role: .dim))
            for (index, attempt) in exchange.attempts.enumerated() {
                let row = attemptRow(
                    String(index + 1), attempt.provider, attempt.model, attempt.keyID ?? "—", attempt.status.map(String.init) ?? "—",
                    DisplayFormat.latency(ms: attempt.elapsedMs), attempt.failure ?? "ok")
                lines.append(StyledLine(bodyIndent + row, role: attempt.failure == nil ? .text : .error))
            }
        }
        lines.append(StyledLine())

        lines.append(contentsOf: timingLines(exchange.timings, width: width))
        lines.append(StyledLine())

        lines.append(contentsOf: headerLines("Request headers", exchange.requestHeaders))
        lines.append(contentsOf: bodyLines("Request body", exchange.requestBody, width: width))
        lines.append(StyledLine())
        lines.append(contentsOf: headerLines("Response headers", exchange.responseHeaders))
        lines.append(contentsOf: bodyLines("Response body", exchange.responseBody, width: width))
        return lines
    }

    static func statusText(_ status: Int) -> String {
        (200..<300).contains(status) ? "\(status) ok" : "\(status) failed"
    }

    static func statusRole(_ status: Int) -> StyleRole { (200..<300).contains(status) ? .healthy : .error }

    static func tokens(_ usage: Usage?) -> String {
        guard let usage else { return "—" }
        var text = "prompt \(usage.promptTokens) · completion \(usage.completionTokens) · total \(usage.totalTokens)"
        if let cached = usage.promptTokensDetails?.cachedTokens { text += " · cached \(cached)" }
        if let reasoning = usage.completionTokensDetails?.reasoningTokens { text += " · reasoning \(reasoning)" }
        return text
    }

    private static func attemptRow(_ cells: String...) -> String {
        let widths = [2, 12, 18, 10, 6, 8]
        var row = ""
        for (index, cell) in cells.enumerated() {
            row += index < widths.count ? DisplayFormat.column(cell, widths[index]) + " " : cell
        }
        return row
    }

    /// One line per stage with a bar scaled to the total, then the overhead Signalbox added.
    static func timingLines(_ timings: StageTimings, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = [.heading("Timings")]
        let stages: [(String, UInt64)] = [
            ("parse", timings.parse), ("auth", timings.auth), ("route", timings.route), ("queue", timings.upstreamQueue),
            ("connect", timings.upstreamConnect), ("first byte", timings.upstreamFirstByte), ("transfer", timings.upstreamTransfer),
            ("encode", timings.encode),
        ]
        let barWidth = max(10, min(40, width - 34))
        let total = max(1, timings.total)
        for (name, value) in stages {
            let filled = Int((Double(value) / Double(total) * Double(barWidth)).rounded())
            let bar = String(repeating: "█", count: min(barWidth, filled)) + String(repeating: "·", count: max(0, barWidth - filled))
            lines.append(
                StyledLine(spans: [
                    .init(bodyIndent + DisplayFormat.column(name, 12), role: .dim),
                    .init(DisplayFormat.column(DisplayFormat.latency(ns: value), 9, alignRight: true) + "  ", role: .text),
                    .init(bar, role: .accent),
                ]))
        }
        var summary: [(String, UInt64, String)] = [
            ("total", timings.total, ""), ("overhead", timings.overhead, "Signalbox's share: total minus waiting on the provider"),
        ]
        if timings.longestChunkRelay > 0 {
            summary.append(("chunk relay", timings.longestChunkRelay, "longest a streamed chunk spent in Signalbox"))
        }
        for (name, value, note) in summary {
            lines.append(
                StyledLine(spans: [
                    .init(bodyIndent + DisplayFormat.column(name, 12), role: .header),
                    .init(DisplayFormat.column(DisplayFormat.latency(ns: value), 9, alignRight: true) + "  ", role: .text),
                    .init(note, role: .dim),
                ]))
        }
        return lines
    }

    private static func headerLines(_ title: String, _ headers: [HTTPField]) -> [StyledLine] {
        var lines: [StyledLine] = [.heading(title)]
        if headers.isEmpty { lines.append(StyledLine(bodyIndent + "(none)", role: .dim)) }
        for header in headers {
            lines.append(StyledLine(spans: [.init(bodyIndent + header.name + ": ", role: .dim), .init(header.value, role: .text)]))
        }
        return lines
    }

    private static func bodyLines(_ title: String, _ body: CappedBody, width: Int) -> [StyledLine] {
        var heading = "\(title) (\(DisplayFormat.bytes(body.bytes.count)))"
        if body.isTruncated { heading = "\(title) (truncated, \(body.totalLength) bytes total)" }
        var lines: [StyledLine] = [.heading(heading)]
        if body.bytes.isEmpty {
            lines.append(StyledLine(bodyIndent + "(empty)", role: .dim))
            return lines
        }
        for line in displayLines(body) {
            for piece in StyledLine.wrap(line, width: max(10, width - 4)) {
                lines.append(StyledLine(bodyIndent + piece))
            }
        }
        if body.isTruncated {
            lines.append(StyledLine(bodyIndent + "… \(body.totalLength - body.bytes.count) more bytes not kept", role: .dim))
        }
        return lines
    }

    /// Pretty-printed JSON when the body parses, otherwise its text lines.
    static func displayLines(_ body: CappedBody) -> [String] {
        if let pretty = JSONPrettyPrinter.lines(body.bytes) { return pretty }
        return body.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
    }

    // MARK: - Replay diff

    static func diffLines(for result: ReplayResult, width: Int) -> [StyledLine] {
        let original = result.original
        let replay = result.replay
        var lines: [StyledLine] = [.heading("Replay of \(original.id) → \(replay.id)")]
        let column = max(20, (width - 16) / 2)
        func row(_ label: String, _ left: String, _ right: String, leftRole: StyleRole = .text, rightRole: StyleRole = .text) -> StyledLine {
            let differs = left != right
            return StyledLine(spans: [
                .init(DisplayFormat.column(label, 14), role: .dim),
                .init(DisplayFormat.column(left, column) + " ", role: leftRole),
                .init(DisplayFormat.truncate(right, column), role: rightRole),
                .init(differs ? "  ≠" : "", role: .warning),
            ])
        }
        lines.append(
            StyledLine(spans: [
                .init(DisplayFormat.column("", 14), role: .dim), .init(DisplayFormat.column("original", column) + " ", role: .header),
                .init("replay", role: .header),
            ]))
        lines.append(row("id", original.id.rawValue, replay.id.rawValue))
        lines.append(
            row(
                "status", statusText(original.status), statusText(replay.status), leftRole: statusRole(original.status),
                rightRole: statusRole(replay.status)))
        lines.append(row("provider", original.provider, replay.provider))
        lines.append(row("model", original.model, replay.model))
        lines.append(row("latency", DisplayFormat.latency(ns: original.timings.total), DisplayFormat.latency(ns: replay.timings.total)))
        lines.append(row("tokens", shortTokens(original.usage), shortTokens(replay.usage)))
        lines.append(row("attempts", String(original.attempts.count), String(replay.attempts.count)))
        if original.errorMessage != nil || replay.errorMessage != nil {
            lines.append(row("error", original.errorMessage ?? "—", replay.errorMessage ?? "—", leftRole: .error, rightRole: .error))
        }
        lines.append(StyledLine())

        let diff = TextDiff.lines(from: displayLines(original.responseBody), to: displayLines(replay.responseBody))
        let changes = diff.reduce(into: (added: 0, removed: 0)) { counts, line in
            switch line {
            case .added: counts.added += 1
            case .removed: counts.removed += 1
            case .same: break
            }
        }
        lines.append(.heading("Response body diff  (- original, + replay: \(changes.removed) removed, \(changes.added) added)"))
        if original.responseBody.isTruncated || replay.responseBody.isTruncated {
            lines.append(StyledLine("  bodies were truncated by the recorder: the diff covers the kept bytes only", role: .warning))
        }
        if changes.added == 0, changes.removed == 0 {
            lines.append(StyledLine("  the response bodies are identical", role: .dim))
        }
        let wrapWidth = max(10, width - 4)
        for line in diff {
            let (marker, text, role): (String, String, StyleRole) =
                switch line {
                case .same(let text): ("  ", text, .text)
                case .removed(let text): ("- ", text, .diffRemoved)
                case .added(let text): ("+ ", text, .diffAdded)
                }
            for (index, piece) in StyledLine.wrap(text, width: wrapWidth).enumerated() {
                // Continuations repeat the marker: a wrapped added line still reads as added without colour.
                lines.append(StyledLine((index == 0 || role != .text ? marker : "  ") + piece, role: role))
            }
        }
        return lines
    }

    private static func shortTokens(_ usage: Usage?) -> String {
        guard let usage else { return "—" }
        return "\(usage.promptTokens) in / \(usage.completionTokens) out"
    }
}
