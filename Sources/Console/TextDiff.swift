/// A line diff (longest common subsequence) for the replay view. Common leading and trailing
/// lines are matched first; the quadratic part only sees what is left, and when that would exceed
/// `maxCells` the middle is shown as removed-then-added rather than stalling the console.
public enum TextDiff {
    public enum Line: Sendable, Hashable {
        case same(String)
        case removed(String)
        case added(String)
    }

    public static let defaultMaxCells = 1_000_000

    public static func lines(from old: [String], to new: [String], maxCells: Int = defaultMaxCells) -> [Line] {
        var prefix = 0
        while prefix < old.count, prefix < new.count, old[prefix] == new[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < old.count - prefix, suffix < new.count - prefix, old[old.count - 1 - suffix] == new[new.count - 1 - suffix] {
            suffix += 1
        }
        let a = Array(old[prefix..<(old.count - suffix)])
        let b = Array(new[prefix..<(new.count - suffix)])

        var result = old[0..<prefix].map(Line.same)
        if a.count * b.count > maxCells {
            result += a.map(Line.removed) + b.map(Line.added)
        } else {
            result += middle(a, b)
        }
        result += old[(old.count - suffix)...].map(Line.same)
        return result
    }

    /// Classic LCS table, filled from the end so the walk can go forwards.
    private static func middle(_ a: [String], _ b: [String]) -> [Line] {
        if a.isEmpty { return b.map(Line.added) }
        if b.isEmpty { return a.map(Line.removed) }
        let columns = b.count + 1
        var table = [Int32](repeating: 0, count: (a.count + 1) * columns)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i * columns + j] =
                    a[i] == b[j] ? table[(i + 1) * columns + j + 1] + 1 : max(table[(i + 1) * columns + j], table[i * columns + j + 1])
            }
        }
        var lines: [Line] = []
        lines.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count, j < b.count {
            if a[i] == b[j] {
                lines.append(.same(a[i]))
                i += 1
                j += 1
            } else if table[(i + 1) * columns + j] >= table[i * columns + j + 1] {
                lines.append(.removed(a[i]))
                i += 1
            } else {
                lines.append(.added(b[j]))
                j += 1
            }
        }
        lines += a[i...].map(Line.removed)
        lines += b[j...].map(Line.added)
        return lines
    }
}
