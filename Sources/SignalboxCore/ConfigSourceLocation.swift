/// Where a value in a YAML file (configuration, theme) is: file, position (when known) and key path.
public struct ConfigSourceLocation: Sendable, Hashable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var keyPath: String

    public init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String = "") {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }

    /// `FILE:LINE:COLUMN: KEYPATH: MESSAGE`, then `  hint: …` on a second line when there is a hint:
    /// the one shape of every file problem Signalbox reports.
    public func describe(_ message: String, hint: String?) -> String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if !keyPath.isEmpty { text += "\(keyPath): " }
        text += message
        if let hint { text += "\n  hint: \(hint)" }
        return text
    }
}
