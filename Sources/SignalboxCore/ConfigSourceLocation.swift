/// Where a config value is: file, position (when known) and key path.
struct ConfigSourceLocation: Sendable, Hashable {
    var file: String
    var line: Int?
    var column: Int?
    var keyPath: String

    init(file: String, line: Int? = nil, column: Int? = nil, keyPath: String = "") {
        self.file = file
        self.line = line
        self.column = column
        self.keyPath = keyPath
    }
}
