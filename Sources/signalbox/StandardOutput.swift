import Foundation

/// Writes whole lines to stdout unbuffered, so that a pipe (tests, `tee`) sees each line at once.
enum StandardOutput {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
