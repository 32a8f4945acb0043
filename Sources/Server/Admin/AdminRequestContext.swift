import Foundation
import Hummingbird
import Engine

/// The admin listener's request context: who presented the request (set by `AdminAuthMiddleware`
/// for `/admin/v1/*`), and the JSON coders of the API (ISO 8601 dates, sorted keys).
struct AdminRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    /// The authenticated holder of an admin token; nil outside `/admin/v1`.
    var identity: AdminIdentity?

    init(source: Source) {
        self.coreContext = .init(source: source)
    }

    var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// Request bodies are small JSON objects.
    var maxUploadSize: Int { 64 * 1024 }
}
