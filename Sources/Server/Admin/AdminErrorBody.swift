/// OpenAI's error shape: `{"error":{"message","type","code"}}`.
struct AdminErrorBody: Encodable, Sendable {
    struct Detail: Encodable, Sendable {
        var message: String
        var type: String
        var code: String
    }

    var error: Detail
}
