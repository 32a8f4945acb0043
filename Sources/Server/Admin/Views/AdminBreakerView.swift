/// The circuit breaker of one of a provider's routed models.
struct AdminBreakerView: Encodable, Sendable {
    var model: String
    /// `closed`, `open` or `half-open`.
    var state: String
}
