import CNCurses

/// Turns what `wget_wch` returned into a `KeyInput`. Pure apart from reading curses' key-code
/// constants once, so it is tested without a terminal.
struct CursesKeyTranslator: Sendable {
    /// curses' `KEY_*` codes (octal constants in curses.h, read through the shim).
    struct Codes: Sendable {
        var up, down, left, right, pageUp, pageDown, home, end, backTab, backspace, enter, resize, f0: UInt32

        static let ncurses = Codes(
            up: code(sb_key_up()), down: code(sb_key_down()), left: code(sb_key_left()), right: code(sb_key_right()),
            pageUp: code(sb_key_page_up()), pageDown: code(sb_key_page_down()), home: code(sb_key_home()), end: code(sb_key_end()),
            backTab: code(sb_key_back_tab()), backspace: code(sb_key_backspace()), enter: code(sb_key_enter()),
            resize: code(sb_key_resize()), f0: code(sb_key_f0()))

        private static func code(_ value: Int32) -> UInt32 { UInt32(bitPattern: value) }
    }

    /// What one read produced.
    enum Read: Equatable {
        case key(KeyInput)
        /// `KEY_RESIZE`: the driver asks curses for the new size.
        case resize
        /// A key the console has no use for (mouse, Insert, …).
        case ignored
    }

    var codes: Codes = .ncurses

    /// `isKeyCode`: `wget_wch` returned `KEY_CODE_YES` (a `KEY_*` code) rather than a character.
    func translate(_ value: UInt32, isKeyCode: Bool) -> Read {
        if isKeyCode { return translateKeyCode(value) }
        switch value {
        case 27: return .key(.escape)
        case 10, 13: return .key(.enter)
        case 9: return .key(.tab)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.control(Character(Unicode.Scalar(UInt8(value) + UInt8(ascii: "a") - 1))))
        case 0, 28...31: return .ignored
        default:
            guard let scalar = Unicode.Scalar(value) else { return .ignored }
            return .key(.character(Character(scalar)))
        }
    }

    private func translateKeyCode(_ value: UInt32) -> Read {
        switch value {
        case codes.up: .key(.up)
        case codes.down: .key(.down)
        case codes.left: .key(.left)
        case codes.right: .key(.right)
        case codes.pageUp: .key(.pageUp)
        case codes.pageDown: .key(.pageDown)
        case codes.home: .key(.home)
        case codes.end: .key(.end)
        case codes.backTab: .key(.backTab)
        case codes.backspace: .key(.backspace)
        case codes.enter: .key(.enter)
        case codes.resize: .resize
        case (codes.f0 + 1)...(codes.f0 + 24): .key(.function(Int(value - codes.f0)))
        default: .ignored
        }
    }
}
