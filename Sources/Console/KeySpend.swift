/// What one virtual key's requests added up to since the console started.
struct KeySpend: Sendable, Hashable {
    var keyID: String
    var requests = 0
    var tokens = 0
    var costMicros: Int64 = 0
}
