import Foundation
import Hummingbird
import SignalboxCore

/// One recorded request in full: headers (credentials masked when recorded), bodies as kept
/// (capped by `control.recent_body_bytes`), every attempt.
struct AdminRequestDetail: ResponseEncodable, Sendable {
    var summary: AdminRequestSummary
    var routeReason: String
    var providerRequestID: String?
    var requestHeaders: [AdminHeaderView]
    var requestBody: String
    var requestBodyTruncated: Bool
    var responseHeaders: [AdminHeaderView]
    var responseBody: String
    var responseBodyTruncated: Bool
    var attemptList: [AdminAttemptView]
    var timings: AdminTimingsView

    enum CodingKeys: String, CodingKey {
        case routeReason = "route_reason"
        case providerRequestID = "provider_request_id"
        case requestHeaders = "request_headers"
        case requestBody = "request_body"
        case requestBodyTruncated = "request_body_truncated"
        case responseHeaders = "response_headers"
        case responseBody = "response_body"
        case responseBodyTruncated = "response_body_truncated"
        case attemptList = "attempts"
        case timings
    }

    init(_ exchange: RecordedExchange) {
        summary = AdminRequestSummary(exchange)
        routeReason = exchange.routeReason
        providerRequestID = exchange.providerRequestID
        requestHeaders = exchange.requestHeaders.map { AdminHeaderView(name: $0.name, value: $0.value) }
        requestBody = exchange.requestBody.text
        requestBodyTruncated = exchange.requestBody.isTruncated
        responseHeaders = exchange.responseHeaders.map { AdminHeaderView(name: $0.name, value: $0.value) }
        responseBody = exchange.responseBody.text
        responseBodyTruncated = exchange.responseBody.isTruncated
        attemptList = exchange.attempts.map(AdminAttemptView.init)
        timings = AdminTimingsView(exchange.timings, stream: exchange.stream)
    }

    /// The summary's fields and the detail's, in one object.
    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(routeReason, forKey: .routeReason)
        try container.encodeIfPresent(providerRequestID, forKey: .providerRequestID)
        try container.encode(requestHeaders, forKey: .requestHeaders)
        try container.encode(requestBody, forKey: .requestBody)
        try container.encode(requestBodyTruncated, forKey: .requestBodyTruncated)
        try container.encode(responseHeaders, forKey: .responseHeaders)
        try container.encode(responseBody, forKey: .responseBody)
        try container.encode(responseBodyTruncated, forKey: .responseBodyTruncated)
        try container.encode(attemptList, forKey: .attemptList)
        try container.encode(timings, forKey: .timings)
    }
}
