import Crypto
public import Foundation
public import SignalboxCore

/// The exact cache's key: SHA-256 (hex) of the request as it determines the answer — the route
/// asked for, the messages, tools and every sampling parameter, normalized so that field order,
/// number spelling (`1` vs `1.0`) and fields that do not change the answer (`stream`,
/// `stream_options`, `user`, `metadata`) do not split one answer into several entries. Unknown
/// fields are kept: a field Signalbox does not know may change the answer.
public struct ExactCacheKey: Sendable, Hashable, CustomStringConvertible {
    public let hex: String

    public init(hex: String) { self.hex = hex }

    /// Where entries are shared: one namespace per virtual key, or one for the whole gateway.
    public enum Namespace: Sendable, Hashable {
        case shared
        case key(String)

        /// `shared` or `key:ID`, as the store keeps it.
        public var text: String {
            switch self {
            case .shared: "shared"
            case .key(let id): "key:" + id
            }
        }

        public init(text: String) {
            self = text.hasPrefix("key:") ? .key(String(text.dropFirst(4))) : .shared
        }
    }

    /// Top-level fields that never change what the provider answers.
    static let ignoredFields: Set<String> = ["user", "metadata"]

    public init(route: String, request: ChatCompletionRequest, namespace: Namespace) throws {
        var normalized = request
        normalized.model = route
        normalized.stream = nil
        normalized.streamOptions = nil
        for field in Self.ignoredFields { normalized.extras[field] = nil }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var hasher = SHA256()
        hasher.update(data: Data("signalbox-exact-v1\n\(namespace.text)\n".utf8))
        hasher.update(data: try encoder.encode(normalized))
        hex = hasher.finalize().map { String(format: "%02x", $0) }.joined()
    }

    public var description: String { String(hex.prefix(16)) }
}

extension ChatCompletionRequest {
    /// Whether the same request gets the same answer: only with `temperature: 0` (providers
    /// default to 1). Other requests are cached only where the route allows it.
    public var isDeterministic: Bool { temperature == 0 }
}
