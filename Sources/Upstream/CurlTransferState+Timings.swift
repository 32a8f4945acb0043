import CCurl

extension CurlTransferState {
    /// Reads libcurl's counters (µs) into nanosecond timings. Call before the handle is reset.
    func timings() -> UpstreamTimings {
        var timings = UpstreamTimings()
        timings.queued = startedAt >= enqueuedAt ? startedAt - enqueuedAt : 0

        let connect = microseconds(CURLINFO_CONNECT_TIME_T)
        let appConnect = microseconds(CURLINFO_APPCONNECT_TIME_T)
        let preTransfer = microseconds(CURLINFO_PRETRANSFER_TIME_T)
        let startTransfer = microseconds(CURLINFO_STARTTRANSFER_TIME_T)
        let total = microseconds(CURLINFO_TOTAL_TIME_T)
        var connects = 0
        _ = sb_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)

        // No new connection, yet the request went out: an existing one was used.
        timings.reusedConnection = connects == 0 && preTransfer > 0
        let connectPhase = isTLS ? appConnect : connect
        timings.connect = timings.reusedConnection ? 0 : connectPhase * 1_000
        if startTransfer > 0 {
            timings.firstByte = (startTransfer > connectPhase ? startTransfer - connectPhase : 0) * 1_000
            timings.transfer = (total > startTransfer ? total - startTransfer : 0) * 1_000
        }
        return timings
    }

    /// Whether the transport (and TLS, for https) was up when the transfer ended.
    var wasConnected: Bool {
        microseconds(isTLS ? CURLINFO_APPCONNECT_TIME_T : CURLINFO_CONNECT_TIME_T) > 0
            || microseconds(CURLINFO_PRETRANSFER_TIME_T) > 0
    }

    private func microseconds(_ info: CURLINFO) -> UInt64 {
        var value: curl_off_t = 0
        guard sb_easy_getinfo_off(easy, info, &value) == CURLE_OK, value > 0 else { return 0 }
        return UInt64(value)
    }
}
