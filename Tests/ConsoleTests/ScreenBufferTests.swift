import Testing

@testable import Console

@Suite struct ScreenBufferTests {
    @Test func putClipsToWidthAndScreen() {
        var screen = ScreenBuffer(width: 10, height: 2)
        let end = screen.put("hello world", x: 2, y: 0, maxWidth: 5)
        #expect(end == 7)
        #expect(screen.text(row: 0) == "  hello   ")
        screen.put("overflowing", x: 5, y: 1)
        #expect(screen.snapshot == "  hello\n     overf")
    }

    @Test func wideCharactersTakeTwoCellsAndNeverSplit() {
        var screen = ScreenBuffer(width: 5, height: 1)
        let end = screen.put("a漢字", x: 0, y: 0)
        #expect(end == 5)
        #expect(screen[2, 0].character == nil)
        #expect(screen.text(row: 0) == "a漢字")
        // "字" would need columns 4–5 of a 5-column row: it is left out, not cut in half.
        var narrow = ScreenBuffer(width: 5, height: 1)
        let narrowEnd = narrow.put("ab漢字", x: 0, y: 0)
        #expect(narrowEnd == 4)
        #expect(narrow.text(row: 0) == "ab漢 ")
    }

    @Test func restyleKeepsText() {
        var screen = ScreenBuffer(width: 4, height: 1)
        screen.put("abcd", x: 0, y: 0, role: .text)
        screen.restyle(x: 1, y: 0, width: 2, height: 1, role: .selection)
        #expect(screen[1, 0] == .init(character: "b", role: .selection))
        #expect(screen[3, 0].role == .text)
    }
}
