public import Foundation
public import SignalboxCore

/// What a new virtual key is made from (everything but its id, secret and timestamps).
public struct VirtualKeyDraft: Sendable, Hashable {
    public var name: String
    public var owner: String?
    public var team: String?
    public var allowedRoutes: [String]
    public var expiresAt: Date?
    public var metadata: [String: JSONValue]

    public init(
        name: String, owner: String? = nil, team: String? = nil, allowedRoutes: [String] = [], expiresAt: Date? = nil,
        metadata: [String: JSONValue] = [:]
    ) {
        self.name = name
        self.owner = owner
        self.team = team
        self.allowedRoutes = allowedRoutes
        self.expiresAt = expiresAt
        self.metadata = metadata
    }
}
