import SignalboxCore

extension ConsoleModel {
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
