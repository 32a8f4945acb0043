import SignalboxCore

extension ConsoleModel {
    func drawCache(into screen: inout ScreenBuffer) {
        drawSectionTitle("Cache", into: &screen, x: 0, y: 2, width: width)
        drawParagraph(
            [
                StyledLine("The response cache arrives with the caching work.", role: .title),
                StyledLine(),
                StyledLine(
                    "This view will show hit %, entries, memory use and evictions. Until then the Overview's cache figure reads —: "
                        + "there are no cache events to count.", role: .dim),
            ], into: &screen, y: 4)
    }

    /// Lines of one style each, wrapped to the screen width.
    func drawParagraph(_ lines: [StyledLine], into screen: inout ScreenBuffer, y: Int) {
        var row = y
        for line in lines {
            guard !line.spans.isEmpty else {
                row += 1
                continue
            }
            let role = line.spans.first?.role ?? .text
            for piece in StyledLine.wrapWords(line.text, width: width - 4) where row < height - 2 {
                screen.put(piece, x: 2, y: row, role: role)
                row += 1
            }
        }
    }
}
