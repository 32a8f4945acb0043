import SignalboxCore
import Testing

@testable import Console

/// Breaker changes and failovers as the console shows them.
@Suite struct ConsoleReliabilityEventTests {
    static let now: UInt64 = 1_780_000_000_000

    func model() -> ConsoleModel {
        var model = ConsoleModel(readOnly: false, width: 120, height: 40, nowMs: Self.now)
        model.apply(
            providers: ["openai", "backup"].map {
                ProviderSnapshot(id: $0, kind: "openai", baseURL: "http://127.0.0.1:1/v1", paused: false, keys: [])
            })
        return model
    }

    func breaker(_ from: String, _ to: String, at offset: UInt64) -> GatewayEvent {
        .breakerChanged(
            BreakerChanged(timestampMs: Self.now + offset, provider: "openai", model: "gpt-4o", from: from, to: to, reason: "3 of 3 requests failed"))
    }

    @Test func anOpenBreakerShowsAsOpenWithGlyphWordAndRoleUntilItCloses() throws {
        var model = model()
        model.apply(breaker("closed", "open", at: 1))
        var screen = ScreenBuffer(width: 120, height: 40)
        model.render(into: &screen)
        let glyph = try #require(screen.locate("✖ open"))
        #expect(screen[glyph.x, glyph.y].role == .open)
        #expect(screen.locate("breaker openai/gpt-4o closed →") != nil, "\(screen.snapshot)")

        model.apply(breaker("open", "half-open", at: 2))
        model.apply(breaker("half-open", "closed", at: 3))
        screen = ScreenBuffer(width: 120, height: 40)
        model.render(into: &screen)
        #expect(screen.locate("✖ open") == nil)
        #expect(screen.locate("● healthy") != nil)
    }

    @Test func aFailoverIsOnTheTimeline() {
        var model = model()
        model.apply(
            .failover(
                Failover(
                    requestID: RequestID(rawValue: "req_01jx7kabcdefgh000042"), timestampMs: Self.now, fromProvider: "openai", fromModel: "gpt-4o",
                    toProvider: "backup", toModel: "gpt-4o", reason: "upstream answered 503", attempt: 2)))
        var screen = ScreenBuffer(width: 120, height: 40)
        model.render(into: &screen)
        #expect(screen.locate("openai → backup") != nil, "\(screen.snapshot)")
    }
}
