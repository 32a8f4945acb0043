/// A response from `UpstreamClient.execute(_:)`: the head, and the body still streaming in.
public struct UpstreamResponse: Sendable {
    public var head: UpstreamResponseHead
    /// Iterate once. Stopping early (dropping the iterator, or the response without iterating)
    /// cancels the transfer.
    public var body: UpstreamResponseBody

    public init(head: UpstreamResponseHead, body: UpstreamResponseBody) {
        self.head = head
        self.body = body
    }
}
