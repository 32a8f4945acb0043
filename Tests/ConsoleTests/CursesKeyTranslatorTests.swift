import Testing

@testable import Console

/// curses key codes and characters → `KeyInput`.
@Suite struct CursesKeyTranslatorTests {
    let translator = CursesKeyTranslator()
    var codes: CursesKeyTranslator.Codes { translator.codes }

    @Test func charactersAndControlKeys() {
        #expect(translator.translate(UInt32(UInt8(ascii: "q")), isKeyCode: false) == .key(.character("q")))
        #expect(translator.translate(0x25CF, isKeyCode: false) == .key(.character("●")))
        #expect(translator.translate(27, isKeyCode: false) == .key(.escape))
        #expect(translator.translate(13, isKeyCode: false) == .key(.enter))
        #expect(translator.translate(10, isKeyCode: false) == .key(.enter))
        #expect(translator.translate(9, isKeyCode: false) == .key(.tab))
        #expect(translator.translate(127, isKeyCode: false) == .key(.backspace))
        #expect(translator.translate(8, isKeyCode: false) == .key(.backspace))
        #expect(translator.translate(3, isKeyCode: false) == .key(.control("c")))
        #expect(translator.translate(21, isKeyCode: false) == .key(.control("u")))
        #expect(translator.translate(0, isKeyCode: false) == .ignored)
    }

    @Test func keypadCodes() {
        #expect(translator.translate(codes.up, isKeyCode: true) == .key(.up))
        #expect(translator.translate(codes.down, isKeyCode: true) == .key(.down))
        #expect(translator.translate(codes.left, isKeyCode: true) == .key(.left))
        #expect(translator.translate(codes.right, isKeyCode: true) == .key(.right))
        #expect(translator.translate(codes.pageUp, isKeyCode: true) == .key(.pageUp))
        #expect(translator.translate(codes.pageDown, isKeyCode: true) == .key(.pageDown))
        #expect(translator.translate(codes.home, isKeyCode: true) == .key(.home))
        #expect(translator.translate(codes.end, isKeyCode: true) == .key(.end))
        #expect(translator.translate(codes.backTab, isKeyCode: true) == .key(.backTab))
        #expect(translator.translate(codes.backspace, isKeyCode: true) == .key(.backspace))
        #expect(translator.translate(codes.enter, isKeyCode: true) == .key(.enter))
        #expect(translator.translate(codes.f0 + 1, isKeyCode: true) == .key(.function(1)))
        #expect(translator.translate(codes.f0 + 12, isKeyCode: true) == .key(.function(12)))
        #expect(translator.translate(codes.resize, isKeyCode: true) == .resize)
        #expect(translator.translate(0o1000, isKeyCode: true) == .ignored)
    }

    @Test func theCodesAreCursesOwn() {
        // curses.h: KEY_DOWN 0402, KEY_UP 0403, KEY_F0 0410, KEY_BTAB 0541, KEY_RESIZE 0632.
        #expect(codes.down == 0o402 && codes.up == 0o403 && codes.f0 == 0o410 && codes.backTab == 0o541 && codes.resize == 0o632)
    }
}
