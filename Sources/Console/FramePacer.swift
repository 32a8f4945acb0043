/// When the console draws: at most one frame per `interval` (10 per second), and only when the
/// model's revision changed or the terminal was resized since the last painted frame.
struct FramePacer: Sendable {
    let intervalMs: UInt64
    private var nextFrameMs: UInt64 = 0
    private var paintedRevision: Int?
    private var mustPaint = true

    init(intervalMs: UInt64 = 100) { self.intervalMs = intervalMs }

    /// Milliseconds until the next frame may run (0: now).
    func waitMs(nowMs: UInt64) -> Int { nextFrameMs > nowMs ? Int(nextFrameMs - nowMs) : 0 }

    func isFrameDue(nowMs: UInt64) -> Bool { nowMs >= nextFrameMs }

    /// The next frame must paint even if the revision is unchanged (resize, first frame).
    mutating func invalidate() { mustPaint = true }

    /// Ends a frame begun at `nowMs`; returns whether it should paint a model at `revision`.
    mutating func frame(nowMs: UInt64, revision: Int) -> Bool {
        nextFrameMs = nowMs + intervalMs
        guard mustPaint || revision != paintedRevision else { return false }
        mustPaint = false
        paintedRevision = revision
        return true
    }
}
