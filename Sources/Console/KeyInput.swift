/// A key press as the console model sees it: the terminal driver translates curses key codes
/// into these, tests construct them directly.
public enum KeyInput: Sendable, Hashable {
    case character(Character)
    /// Ctrl + letter (lowercase), e.g. `.control("c")`.
    case control(Character)
    case enter
    case escape
    case backspace
    case tab
    case backTab
    case up
    case down
    case left
    case right
    case pageUp
    case pageDown
    case home
    case end
    case function(Int)
    /// The terminal changed size; the driver sends it after updating its size.
    case resize(width: Int, height: Int)
}
