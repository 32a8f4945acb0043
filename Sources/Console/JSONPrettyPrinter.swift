import Foundation

/// Re-indents JSON text for the inspector and the replay diff with Foundation's serializer. Keys
/// come out sorted, so an original and its replay line up key by key in the diff. Returns nil
/// when the text is not JSON, so callers show it raw.
enum JSONPrettyPrinter {
    static func lines(_ bytes: [UInt8]) -> [String]? {
        guard !bytes.isEmpty,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]),
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes, .fragmentsAllowed])
        else { return nil }
        return String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }
}
