import CCurl
import SignalboxCore

extension CurlTransferState {
    /// Applies `request` to the (fresh or reset) easy handle. Returns the error to report if the
    /// request cannot be sent as given.
    func configure(_ request: OutboundRequest) -> UpstreamError? {
        guard let headerList = Self.makeHeaderList(request) else {
            return UpstreamError(kind: .transport, message: "a request header name or value contains a line break or NUL")
        }
        self.headerList = headerList

        var failed: CURLcode?
        func check(_ code: CURLcode) {
            if code != CURLE_OK, failed == nil { failed = code }
        }

        check(sb_easy_setopt_string(easy, CURLOPT_URL, request.url))
        check(sb_easy_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(sb_easy_setopt_long(easy, CURLOPT_NOSIGNAL, 1))
        check(sb_easy_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0))
        check(sb_easy_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1))
        check(sb_easy_setopt_pointer(easy, CURLOPT_PRIVATE, opaque))
        check(sb_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, UnsafeMutableRawPointer(errorBuffer)))
        check(sb_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList))

        check(
            sb_easy_setopt_write_function(easy, CURLOPT_WRITEFUNCTION) { data, size, count, userdata in
                CurlTransferState.from(userdata!).receiveBody(UnsafeRawBufferPointer(start: data, count: size * count))
            })
        check(sb_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, opaque))
        check(
            sb_easy_setopt_write_function(easy, CURLOPT_HEADERFUNCTION) { data, size, count, userdata in
                CurlTransferState.from(userdata!).receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: size * count))
            })
        check(sb_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, opaque))

        switch request.httpVersion {
        case .auto:
            check(sb_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, sb_http_version_2tls()))
            // Waiting to multiplex only makes sense where HTTP/2 is possible (TLS + ALPN). On
            // plain http:// it makes concurrent requests queue behind the connection in use.
            if isTLS { check(sb_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1)) }
        case .http1:
            check(sb_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, sb_http_version_1_1()))
        case .http2 where isTLS:
            check(sb_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, sb_http_version_2_0()))
            check(sb_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1))
        case .http2:
            check(sb_easy_setopt_long(easy, CURLOPT_HTTP_VERSION, sb_http_version_2_prior_knowledge()))
            if CurlGlobal.h2cConnectionReuseIsBroken {
                // One connection per transfer: no multiplexing, but no framing errors either.
                check(sb_easy_setopt_long(easy, CURLOPT_FRESH_CONNECT, 1))
                check(sb_easy_setopt_long(easy, CURLOPT_FORBID_REUSE, 1))
            } else {
                check(sb_easy_setopt_long(easy, CURLOPT_PIPEWAIT, 1))
            }
        }

        if request.timeouts.connectMs > 0 {
            check(sb_easy_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, request.timeouts.connectMs))
        }
        if request.timeouts.totalMs > 0 {
            check(sb_easy_setopt_long(easy, CURLOPT_TIMEOUT_MS, request.timeouts.totalMs))
        }

        switch request.method {
        case .get:
            check(sb_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
        case .delete:
            // A bodiless request with another verb (pooled handles are reset before reuse).
            check(sb_easy_setopt_long(easy, CURLOPT_HTTPGET, 1))
            check(sb_easy_setopt_string(easy, CURLOPT_CUSTOMREQUEST, "DELETE"))
        case .post:
            // The size first, so that COPYPOSTFIELDS copies exactly that many bytes (binary-safe).
            check(sb_easy_setopt_off(easy, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(request.body.count)))
            if request.body.isEmpty {
                check(sb_easy_setopt_string(easy, CURLOPT_COPYPOSTFIELDS, ""))
            } else {
                request.body.withUnsafeBytes { body in
                    check(sb_easy_setopt_pointer(easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: body.baseAddress!)))
                }
            }
        }

        if let failed {
            return UpstreamError(kind: .transport, message: "libcurl rejected an option: \(String(cString: curl_easy_strerror(failed)))")
        }
        return nil
    }

    /// The request's fields, then `Expect:` (always empty: no `100-continue` round trip) and, for
    /// a POST without a content type, `Content-Type:` so libcurl does not invent a form type.
    /// Returns nil if a field could be used to inject a header line.
    private static func makeHeaderList(_ request: OutboundRequest) -> UnsafeMutablePointer<curl_slist>? {
        var lines: [String] = []
        lines.reserveCapacity(request.headers.count + 2)
        var hasContentType = false
        for field in request.headers {
            guard isSafe(field.name, allowColon: false), !field.name.isEmpty, isSafe(field.value, allowColon: true) else { return nil }
            if field.name.equalsIgnoringASCIICase("Expect") { continue }
            if field.name.equalsIgnoringASCIICase("Content-Type") { hasContentType = true }
            // libcurl drops `Name:` (no value); `Name;` sends the header with an empty value.
            lines.append(field.value.isEmpty ? "\(field.name);" : "\(field.name): \(field.value)")
        }
        lines.append("Expect:")
        if request.method == .post, !hasContentType { lines.append("Content-Type:") }

        var list: UnsafeMutablePointer<curl_slist>?
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                return nil
            }
            list = appended
        }
        return list
    }

    private static func isSafe(_ text: String, allowColon: Bool) -> Bool {
        !text.utf8.contains { $0 == 0x0D || $0 == 0x0A || $0 == 0 || (!allowColon && $0 == UInt8(ascii: ":")) }
    }
}
