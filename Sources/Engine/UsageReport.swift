public import Foundation
public import SignalboxCore

/// What a routed request used, reported once per request: just before its answer (or the end of
/// its stream) is written to the client, or when it ends without one (the client left). The store
/// journals it there, so every answered request has its usage row even after `kill -9`.
public struct UsageReport: Sendable, Hashable {
    public var id: RequestID
    public var timestampMs: UInt64
    public var virtualKeyID: String?
    /// The model or route the client asked for.
    public var route: String
    public var provider: String
    public var model: String
    /// The status the client gets.
    public var status: Int
    public var usage: Usage?
    public var costUSD: Decimal?
    /// The cost in whole micro-dollars, as usage rows and budgets count it.
    public var costMicros: Int64?
}
