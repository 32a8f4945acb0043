/// A credential (provider key, virtual key). Its description is always masked so that it cannot
/// reach a log line, an event or an error message by accident; read `reveal()` only where the
/// secret must go on the wire.
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    private let value: String

    public init(_ value: String) { self.value = value }

    public func reveal() -> String { value }

    public var isEmpty: Bool { value.isEmpty }

    /// `sk-…f00d`: enough to tell keys apart, never enough to use one.
    public var masked: String { Secret.mask(value) }

    public var description: String { masked }
    public var debugDescription: String { "Secret(\(masked))" }

    public static func mask(_ value: String) -> String {
        guard value.count >= 12 else { return value.isEmpty ? "" : "****" }
        let prefix = value.hasPrefix("sk-") ? "sk-" : String(value.prefix(2))
        return prefix + "…" + value.suffix(4)
    }
}
