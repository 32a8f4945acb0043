import Foundation

extension SecretSource {
    /// Why a new secret could not be read; `message` goes to the console's status line.
    public struct ReadError: Error, Sendable, Hashable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// The secret this source names: the environment variable's value, or the file's content
    /// without one trailing newline (what `echo KEY > file` leaves). Missing, empty or multi-line
    /// values are refused (a secret goes into an HTTP header, which cannot hold a line break).
    public func readSecret(environment: [String: String]) -> Result<Secret, ReadError> {
        let value: String
        let origin: String
        switch self {
        case .environment(let name):
            origin = "environment variable \(name)"
            guard let found = environment[name] else { return .failure(ReadError(message: "\(origin) is not set in the gateway's environment")) }
            value = found
        case .file(let path):
            let expanded = (path as NSString).expandingTildeInPath
            origin = "file \(path)"
            guard let data = FileManager.default.contents(atPath: expanded) else {
                let reason = FileManager.default.fileExists(atPath: expanded) ? "cannot be read" : "does not exist"
                return .failure(ReadError(message: "\(origin) \(reason)"))
            }
            guard var text = String(data: data, encoding: .utf8) else { return .failure(ReadError(message: "\(origin) is not UTF-8 text")) }
            // One Character: "\n", or "\r\n" (a single grapheme).
            if text.last?.isNewline == true { text.removeLast() }
            value = text
        }
        guard !value.isEmpty else { return .failure(ReadError(message: "\(origin) is empty")) }
        guard !value.contains(where: \.isNewline) else { return .failure(ReadError(message: "\(origin) holds more than one line")) }
        return .success(Secret(value))
    }
}
