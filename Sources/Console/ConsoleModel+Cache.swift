import SignalboxCore

extension ConsoleModel {
    /// A cache size fetch; nil: no route caches responses.
    public mutating func apply(cacheStats stats: CacheStatsSnapshot?) {
        cacheBoard.apply(stats)
        changed()
    }

    /// The fetch that keeps the Cache view's size figures current; nil when the view is not shown.
    var cacheRefresh: ConsoleEffect? {
        view == .cache ? .refreshCacheStats : nil
    }

    /// Opens the confirmation to purge the cached answers (of one route, or all of them).
    mutating func openPurgeCache(route: String?) {
        if case .off = cacheBoard.size {
            showStatus("no route caches responses: there is nothing to purge (models[].cache.exact turns it on)", kind: .info)
            return
        }
        let what: String
        if case .stats(let stats) = cacheBoard.size, route == nil {
            what = "all \(DisplayFormat.plural(stats.entries, "entry", plural: "entries")) (\(DisplayFormat.bytes(stats.bytes)))"
        } else {
            what = route.map { "every cached answer of route \($0)" } ?? "every cached answer"
        }
        let message = ["Removes \(what) from memory and the store.", "The next identical requests go to their providers again."]
        dialog = .confirm(
            ConfirmDialog(
                title: route.map { "Purge the cached answers of route \($0)?" } ?? "Purge all cached answers?", message: message,
                confirmLabel: "Purge", effects: [.execute(.purgeCache(CachePurge(route: route)))]))
    }
}
