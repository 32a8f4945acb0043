public import Engine
public import SignalboxCore

/// `RequestHistory` over the control plane's ring of recent requests (`control.recent_requests`).
public struct ControlPlaneRequestHistory: RequestHistory {
    private let controlPlane: ControlPlane
    public let capacity: Int

    public init(controlPlane: ControlPlane, capacity: Int) {
        self.controlPlane = controlPlane
        self.capacity = capacity
    }

    public func recent(limit: Int) async throws -> [RecordedExchange] {
        controlPlane.recentRequests(limit: limit)
    }

    public func exchange(_ id: RequestID) async throws -> RecordedExchange? {
        controlPlane.recordedRequest(id)
    }
}
