/// The screen the console runner draws on and reads keys from: `CursesTerminal` in the binary, a
/// scripted fake in tests. Created, used and closed on the runner's thread only.
protocol ConsoleTerminal: AnyObject {
    /// Takes over the terminal; returns its size in columns and rows.
    func open() throws -> (width: Int, height: Int)
    /// Waits at most `timeoutMs` for a key. A resize comes back as `.resize(width:height:)` with the
    /// new size; nil when nothing arrived in time.
    func readKey(timeoutMs: Int) -> KeyInput?
    /// Shows `screen` (only what changed since the last paint goes to the terminal).
    func paint(_ screen: ScreenBuffer)
    /// Gives the terminal back. Returns the path of the file that captured stderr while the
    /// terminal was open, when anything was written to it.
    func close() -> String?
}
