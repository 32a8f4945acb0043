import CCurl
import NIOCore
import SignalboxCore

extension CurlTransferState {
    /// `CURLOPT_HEADERFUNCTION`: one complete header line of any response in the exchange.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) -> Int {
        // Returning less than the length makes libcurl abort with CURLE_WRITE_ERROR.
        if isTerminated || handle.isCancelRequested { return 0 }
        noteActivity()
        if case .head(let head) = parser.parse(line: line) {
            headDelivered = true
            delegate.upstreamDidReceiveHead(head)
        }
        return line.count
    }

    /// `CURLOPT_WRITEFUNCTION`: a piece of the (decoded, de-chunked) response body.
    ///
    /// Pausing is deferred by one call: the part the delegate answered `.pause` to is already
    /// delivered and consumed; the *next* part is refused with `CURL_WRITEFUNC_PAUSE`, which makes
    /// libcurl keep it and hand it over again after `curl_easy_pause(CURLPAUSE_CONT)`. So every
    /// byte is delivered exactly once, in order, and nothing is delivered while paused.
    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Int {
        if isTerminated || handle.isCancelRequested { return 0 }
        if pausedByDelegate {
            pausedInCurl = true
            return sb_writefunc_pause()
        }
        deliverHeadIfMissing()
        noteActivity()
        var buffer = driver.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        if delegate.upstreamDidReceiveBodyPart(buffer) == .pause {
            pausedByDelegate = true
            deadline = nil
        }
        return bytes.count
    }

    /// The delegate asked for more. Returns libcurl's answer when a held part was handed back.
    func resumeDelivery() -> CURLcode {
        guard pausedByDelegate, !isTerminated else { return CURLE_OK }
        pausedByDelegate = false
        if firstByteSeen { noteActivity() }
        guard pausedInCurl else { return CURLE_OK }
        pausedInCurl = false
        // May call `receiveBody` re-entrantly with the held part, before returning.
        return curl_easy_pause(easy, sb_pause_cont())
    }

    /// Guarantees the head-before-body order even if libcurl never showed us a status line
    /// (it always does for HTTP/1.x and HTTP/2; this is a safety net).
    func deliverHeadIfMissing() {
        guard !headDelivered else { return }
        headDelivered = true
        var status = 0
        _ = sb_easy_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        var version = 0
        _ = sb_easy_getinfo_long(easy, CURLINFO_HTTP_VERSION, &version)
        let versionText = version == sb_http_version_2_0() ? "2" : "1.1"
        delegate.upstreamDidReceiveHead(UpstreamResponseHead(status: status, headers: [], httpVersion: versionText))
    }
}
