/// `request_log:` what the store keeps of each request, and for how long.
public struct RequestLogConfig: Sendable, Hashable {
    public enum BodyCapture: String, Sendable, Hashable, CaseIterable {
        /// Metadata only.
        case off
        /// Bodies with their text replaced by its length (shape, roles, model and tool names kept).
        case redacted
        /// Bodies as sent and received (up to `control.recent_body_bytes` each).
        case full
    }

    /// Whether requests are logged at all (when a store is open).
    public var enabled: Bool
    public var bodies: BodyCapture
    public var metadataRetentionDays: Int
    public var bodyRetentionDays: Int

    public init(enabled: Bool = true, bodies: BodyCapture = .off, metadataRetentionDays: Int = 30, bodyRetentionDays: Int = 7) {
        self.enabled = enabled
        self.bodies = bodies
        self.metadataRetentionDays = metadataRetentionDays
        self.bodyRetentionDays = bodyRetentionDays
    }
}
