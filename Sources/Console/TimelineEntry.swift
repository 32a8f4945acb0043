/// One line of the event timeline: failovers, attempt failures, pauses, rotations, operator actions.
public struct TimelineEntry: Sendable, Hashable {
    public var timestampMs: UInt64
    /// Marks the kind of entry without colour (`✖`, `↪`, `⏸`, `▶`, `⟳`, `⚑`).
    public var glyph: Character
    public var text: String
    public var role: StyleRole

    public init(timestampMs: UInt64, glyph: Character, text: String, role: StyleRole) {
        self.timestampMs = timestampMs
        self.glyph = glyph
        self.text = text
        self.role = role
    }
}
