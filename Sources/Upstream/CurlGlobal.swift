import CCurl

/// `curl_global_init` must run once per process, before any other libcurl call and not concurrently
/// with another thread using libcurl. A `static let` is initialised exactly once (`swift_once`),
/// and every client touches it before creating its loop.
enum CurlGlobal {
    private static let initResult: CURLcode = curl_global_init(sb_global_all())

    /// Whether libcurl is usable in this process.
    static var isInitialized: Bool { initResult == CURLE_OK }
}
