import DequeModule
public import SignalboxCore

/// The console's bounded request stream: a ring of the most recent rows (oldest evicted first),
/// an id index of the rows still in flight (so a finish completes its row), and the ordered list
/// of rows that pass the current filter, kept up to date per event so that drawing never scans or
/// sorts the whole ring. Indexing only in-flight rows keeps the index as small as the gateway's
/// concurrency: at thousands of requests a second, a full index was most of the console's cost.
///
/// Rows are addressed by a sequence number that grows by one per new row and is never reused.
public struct RequestLog: Sendable {
    private struct Entry: Sendable {
        var row: RequestRow
        var matchesFilter: Bool
    }

    public let capacity: Int
    private var entries: Deque<Entry> = []
    /// Sequence number of `entries.first`.
    private(set) var firstSequence = 0
    /// Rows started but not finished yet.
    private var liveSequenceByID: [RequestID: Int] = [:]
    /// Ascending sequence numbers of the rows that pass `filter`.
    private(set) var visible: Deque<Int> = []
    public private(set) var filter = RequestFilter("")

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { entries.count }
    public var visibleCount: Int { visible.count }
    /// The sequence number the next new row will get.
    var endSequence: Int { firstSequence + entries.count }

    func row(sequence: Int) -> RequestRow? {
        let index = sequence - firstSequence
        return entries.indices.contains(index) ? entries[index].row : nil
    }

    /// The newest row with `id` (a scan for finished rows: only operator commands ask).
    func sequence(of id: RequestID) -> Int? {
        if let live = liveSequenceByID[id] { return live }
        return entries.lastIndex { $0.row.id == id }.map { firstSequence + $0 }
    }

    /// The row at `displayIndex` of the filtered list, newest first.
    func visibleSequence(at displayIndex: Int) -> Int? {
        guard displayIndex >= 0, displayIndex < visible.count else { return nil }
        return visible[visible.count - 1 - displayIndex]
    }

    /// Display position (newest first) of `sequence`, or of the nearest older visible row when it
    /// is filtered out or gone; nil when nothing is visible.
    func displayIndex(nearest sequence: Int) -> Int? {
        guard !visible.isEmpty else { return nil }
        let low = visiblePosition(of: sequence)
        let position = low < visible.count && visible[low] == sequence ? low : max(0, low - 1)
        return visible.count - 1 - position
    }

    public mutating func apply(started: RequestStarted) {
        if let sequence = liveSequenceByID[started.id] {
            // A duplicate start: keep the more complete row.
            update(sequence) { row in
                if row.provider.isEmpty { row.provider = started.provider }
            }
            return
        }
        liveSequenceByID[started.id] = append(RequestRow(started: started))
    }

    public mutating func apply(finished: RequestFinished) {
        if let sequence = liveSequenceByID.removeValue(forKey: finished.id) {
            update(sequence) { $0.complete(with: finished) }
        } else {
            // Its start was dropped by the bus, or it never had one (refused before routing).
            append(RequestRow(finished: finished))
        }
    }

    public mutating func setFilter(_ filter: RequestFilter) {
        self.filter = filter
        visible.removeAll(keepingCapacity: true)
        for index in entries.indices {
            let matches = filter.matches(entries[index].row)
            entries[index].matchesFilter = matches
            if matches { visible.append(firstSequence + index) }
        }
    }

    @discardableResult
    private mutating func append(_ row: RequestRow) -> Int {
        if entries.count == capacity, let evicted = entries.popFirst() {
            if evicted.row.isInFlight { liveSequenceByID.removeValue(forKey: evicted.row.id) }
            if visible.first == firstSequence { visible.removeFirst() }
            firstSequence += 1
        }
        let sequence = endSequence
        let matches = filter.matches(row)
        entries.append(Entry(row: row, matchesFilter: matches))
        if matches { visible.append(sequence) }
        return sequence
    }

    private mutating func update(_ sequence: Int, _ change: (inout RequestRow) -> Void) {
        let index = sequence - firstSequence
        guard entries.indices.contains(index) else { return }
        change(&entries[index].row)
        let matches = filter.matches(entries[index].row)
        guard matches != entries[index].matchesFilter else { return }
        entries[index].matchesFilter = matches
        // Updates are almost always near the newest end, where Deque inserts and removes cheaply.
        let position = visiblePosition(of: sequence)
        if matches {
            visible.insert(sequence, at: position)
        } else if position < visible.count, visible[position] == sequence {
            visible.remove(at: position)
        }
    }

    /// The first position in `visible` holding a sequence number ≥ `sequence` (binary search).
    private func visiblePosition(of sequence: Int) -> Int {
        var low = 0
        var high = visible.count
        while low < high {
            let middle = (low + high) / 2
            if visible[middle] < sequence { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
