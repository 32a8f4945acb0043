/// What a piece of screen text *is*. The renderer only names roles; a theme decides what each
/// looks like (colour, and attributes that still work with `NO_COLOR` or on a mono terminal).
public enum StyleRole: String, CaseIterable, Sendable, Hashable {
    case text
    case dim
    case title
    case header
    case border
    case selection
    case statusBar = "status_bar"
    case keyHint = "key_hint"
    case healthy
    case degraded
    case open
    case paused
    case error
    case warning
    case accent
    case dialog
    case button
    case buttonFocused = "button_focused"
    case input
    case diffAdded = "diff_added"
    case diffRemoved = "diff_removed"
}
