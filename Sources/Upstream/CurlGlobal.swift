import CCurl

/// `curl_global_init` must run once per process, before any other libcurl call and not concurrently
/// with another thread using libcurl. A `static let` is initialised exactly once (`swift_once`),
/// and every client touches it before creating its loop.
enum CurlGlobal {
    private static let initResult: CURLcode = curl_global_init(sb_global_all())

    /// Whether libcurl is usable in this process.
    static var isInitialized: Bool { initResult == CURLE_OK }

    /// libcurl before 8.0.0 breaks a reused HTTP/2 prior-knowledge (h2c) connection with "Error in
    /// the HTTP2 framing layer" (curl issue #10634, fixed by PR #10643), so such transfers must
    /// each use a connection of their own.
    static let h2cConnectionReuseIsBroken: Bool = sb_version_num() < 0x08_00_00
}
