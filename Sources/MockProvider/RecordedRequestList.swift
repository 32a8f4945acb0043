/// The body of `GET /_mock/requests`: recorded requests, oldest first.
struct RecordedRequestList: Sendable, Encodable {
    var requests: [RecordedRequest]
}
