import Foundation
import Hummingbird
import Store

/// A request found only in the persistent request log: its metadata and the bodies captured per
/// `request_log.bodies` (null when bodies are off or past their retention).
struct AdminRequestLogDetail: ResponseEncodable, Sendable {
    var summary: AdminRequestSummary
    var providerRequestID: String?
    var requestBody: String?
    var responseBody: String?
    var overheadUs: Int64
    let source = "request_log"

    enum CodingKeys: String, CodingKey {
        case source
        case providerRequestID = "provider_request_id"
        case requestBody = "request_body"
        case responseBody = "response_body"
        case overheadUs = "overhead_us"
    }

    init(_ record: RequestLogRecord) {
        summary = AdminRequestSummary(record)
        providerRequestID = record.providerRequestID
        requestBody = record.requestBody
        responseBody = record.responseBody
        overheadUs = record.overheadUs
    }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(source, forKey: .source)
        try container.encodeIfPresent(providerRequestID, forKey: .providerRequestID)
        try container.encode(requestBody, forKey: .requestBody)
        try container.encode(responseBody, forKey: .responseBody)
        try container.encode(overheadUs, forKey: .overheadUs)
    }
}
