/// OpenAI's error shape: `{"error":{"message","type","param","code"}}` (`param` is always null
/// here, written out like the proxy's errors so one client-side parser fits both).
struct AdminErrorBody: Encodable, Sendable {
    struct Detail: Encodable, Sendable {
        var message: String
        var type: String
        var code: String

        enum CodingKeys: String, CodingKey {
            case message, type, param, code
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(message, forKey: .message)
            try container.encode(type, forKey: .type)
            try container.encodeNil(forKey: .param)
            try container.encode(code, forKey: .code)
        }
    }

    var error: Detail
}
