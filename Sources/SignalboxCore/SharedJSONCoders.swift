public import Foundation

/// One JSON decoder and encoder for the hot path. Creating them per request costs allocations;
/// Foundation's coders are thread-safe for concurrent `decode`/`encode` calls (their options are
/// guarded internally), and Signalbox never changes their options after creation.
public enum SharedJSONCoders {
    public static let decoder = JSONDecoder()
    public static let encoder = JSONEncoder()
}
