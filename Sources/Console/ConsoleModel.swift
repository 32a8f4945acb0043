import DequeModule
public import SignalboxCore

/// The operations console as a pure state machine: gateway events, engine answers and key presses
/// go in; `ConsoleEffect`s come out of `handle(_:)` and `render(into:)` draws the current state.
/// It never reads a clock or does I/O (time arrives as arguments), so every screen is reproducible
/// in a test.
///
/// Memory is bounded whatever the traffic: the request stream keeps `requestCapacity` rows, the
/// timeline and the operator action log a few hundred entries, latency windows a minute of samples.
public struct ConsoleModel: Sendable {
    public static let requestCapacity = 5_000
    public static let timelineCapacity = 500
    public static let actionLogCapacity = 500
    public static let minimumWidth = 80
    public static let minimumHeight = 20
    /// Seconds of traffic behind the header's req/s.
    static let rateSeconds = 10
    static let timelinePanelMinWidth = 120

    /// Which overview panel the arrow keys move in.
    enum OverviewPanel: Sendable, Hashable {
        case providers
        case requests
    }

    /// Full-screen documents over the current view.
    enum Overlay: Sendable, Hashable {
        case help(scroll: Int)
        case inspector(InspectorState)
        case replayDiff(ReplayDiffState)
    }

    /// A text field on the status bar.
    enum InputMode: Sendable, Hashable {
        case filter(TextInput, previous: String)
        case command(TextInput)
    }

    public let readOnly: Bool
    /// The role the console acts with (shown in the header, written to the audit log): `operator`,
    /// or `viewer` with `--readonly`.
    public var role: AdminRole { readOnly ? .viewer : .operator }
    public internal(set) var width: Int
    public internal(set) var height: Int
    /// Increments whenever what `render` would draw changed.
    public private(set) var revision = 0
    let keymap = Keymap.standard

    // Time, from `init` and `tick` only.
    let startedMs: UInt64
    var nowMs: UInt64

    // Gateway state folded from events and engine answers.
    var log = RequestLog(capacity: ConsoleModel.requestCapacity)
    var providers: [ProviderEntry] = []
    var providerIndex: [String: Int] = [:]
    /// Finished requests and how many were not 2xx.
    var traffic = RateWindow()
    var latency = LatencyWindow()
    var timeline: Deque<TimelineEntry> = []
    var actionLog: Deque<OperatorAction> = []
    var busDrops = 0
    var budgetBoard = BudgetBoard()
    var keySpend = KeySpendTable()
    var cacheBoard = CacheBoard()
    var audit = AuditViewState()

    // Navigation and overlays.
    var view: ConsoleView = .overview
    var overviewPanel: OverviewPanel = .requests
    /// The request stream follows new requests (selection on the newest) until frozen.
    var following = true
    var selectedSequence: Int?
    var topSequence: Int?
    var selectedProvider: String?
    /// In the Providers view a key row can be selected under its provider.
    var selectedKey: String?
    /// The budget row the arrow keys select in Keys & Budgets (by scope: rows are re-sorted by use).
    var selectedBudget: String?
    /// The selected row of the Audit view's list (0: the newest entry).
    var auditSelection = 0
    var overlay: Overlay?
    var dialog: Dialog?
    var input: InputMode?
    var status: StatusMessage?

    public init(readOnly: Bool, width: Int, height: Int, nowMs: UInt64) {
        self.readOnly = readOnly
        self.width = max(0, width)
        self.height = max(0, height)
        startedMs = nowMs
        self.nowMs = nowMs
    }

    // MARK: - Engine answers

    public mutating func apply(providers snapshots: [ProviderSnapshot]) {
        for snapshot in snapshots {
            let index = entryIndex(for: snapshot.id)
            providers[index].snapshot = snapshot
        }
        // Providers the engine no longer reports and that never saw traffic are dropped from view.
        let reported = Set(snapshots.map(\.id))
        let kept = providers.filter { reported.contains($0.id) || $0.stats.totalRequests > 0 || $0.stats.totalFailedAttempts > 0 }
        if kept.count != providers.count {
            providers = kept
            reindexProviders()
        }
        if selectedProvider == nil || providerIndex[selectedProvider!] == nil { selectedProvider = providers.first?.id }
        changed()
    }

    public mutating func apply(recorded: RecordedExchange?, for id: RequestID) {
        guard case .inspector(var inspector) = overlay, inspector.id == id else { return }
        // The cache's part is on the finish event, not in the recording (a scan: once per opened request).
        inspector.load(recorded, cache: log.sequence(of: id).flatMap(log.row)?.cache, width: documentWidth)
        overlay = .inspector(inspector)
        changed()
    }

    public mutating func apply(outcome: OperatorOutcome, for command: OperatorCommand) {
        switch outcome {
        case .done(let message):
            showStatus(message, kind: .success)
        case .refused(let message):
            showStatus("\(command): \(message)", kind: .error)
        case .replayed(let result):
            overlay = .replayDiff(ReplayDiffState(result: result, width: documentWidth))
            showStatus(outcome.summary, kind: .success)
        }
        changed()
    }

    /// `dropped` is the subscription's running total.
    public mutating func apply(busDrops total: Int) {
        guard total != busDrops else { return }
        busDrops = total
        changed()
    }

    /// Advances model time: expires the status message and old latency samples; redraws once a
    /// second at most when nothing else happens (rates decay with time).
    public mutating func tick(nowMs now: UInt64) {
        let previousSecond = nowMs / 1000
        nowMs = max(nowMs, now)
        var dirty = nowMs / 1000 != previousSecond
        if let message = status, nowMs >= message.shownAtMs + StatusMessage.lifetimeMs {
            status = nil
            dirty = true
        }
        if latency.expire(nowMs: nowMs) { dirty = true }
        for index in providers.indices where providers[index].stats.latency.expire(nowMs: nowMs) { dirty = true }
        if dirty { changed() }
    }

    // MARK: - Shared helpers

    mutating func changed() { revision &+= 1 }

    mutating func showStatus(_ text: String, kind: StatusMessage.Kind) {
        status = StatusMessage(text, kind: kind, shownAtMs: nowMs)
    }

    /// The index of `id` in `providers`, adding an entry for a provider first seen in an event.
    mutating func entryIndex(for id: String) -> Int {
        if let index = providerIndex[id] { return index }
        providers.append(ProviderEntry(id: id))
        providerIndex[id] = providers.count - 1
        return providers.count - 1
    }

    mutating func reindexProviders() {
        providerIndex = Dictionary(uniqueKeysWithValues: providers.enumerated().map { ($1.id, $0) })
    }

    func provider(_ id: String?) -> ProviderEntry? {
        id.flatMap { providerIndex[$0] }.map { providers[$0] }
    }

    var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Width available to documents (inspector, diff, help): the screen minus a margin each side.
    var documentWidth: Int { max(20, width - 2) }

    /// The request the stream's selection is on, if any.
    var selectedRequest: RequestRow? {
        let sequence = following ? log.visibleSequence(at: 0) : log.displayIndex(nearest: selectedSequence ?? 0).flatMap(log.visibleSequence)
        return sequence.flatMap(log.row)
    }
}
