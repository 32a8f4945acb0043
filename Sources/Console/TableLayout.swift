/// Column widths for a console table: fixed columns plus one flexible column that takes the rest.
struct TableLayout: Sendable {
    struct Column: Sendable {
        var title: String
        var width: Int
        var alignRight = false
        /// Takes whatever width the fixed columns leave (at least `width`).
        var flexible = false
    }

    struct Cell {
        var text: String
        var role: StyleRole

        init(_ text: String, _ role: StyleRole = .text) {
            self.text = text
            self.role = role
        }
    }

    private(set) var columns: [Column]
    let x: Int

    /// Lays `columns` out in `width` columns from `x`, one space between columns.
    init(_ columns: [Column], x: Int, width: Int) {
        self.x = x
        let fixed = columns.reduce(0) { $0 + ($1.flexible ? 0 : $1.width) } + max(0, columns.count - 1)
        var laidOut = columns
        for index in laidOut.indices where laidOut[index].flexible {
            laidOut[index].width = max(laidOut[index].width, width - fixed)
        }
        self.columns = laidOut
    }

    var totalWidth: Int { columns.reduce(0) { $0 + $1.width } + max(0, columns.count - 1) }

    func drawHeader(into screen: inout ScreenBuffer, y: Int, role: StyleRole = .dim) {
        drawRow(columns.map { Cell($0.title, role) }, into: &screen, y: y)
    }

    func drawRow(_ cells: [Cell], into screen: inout ScreenBuffer, y: Int) {
        var column = x
        for (index, layout) in columns.enumerated() {
            if index < cells.count {
                let cell = cells[index]
                screen.put(DisplayFormat.column(cell.text, layout.width, alignRight: layout.alignRight), x: column, y: y, role: cell.role)
            }
            column += layout.width + 1
        }
    }
}
