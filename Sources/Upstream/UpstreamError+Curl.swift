import CCurl
import SignalboxCore

extension UpstreamError {
    /// What the caller of a failed transfer is told.
    struct CurlFailure {
        var code: CURLcode
        /// Contents of `CURLOPT_ERRORBUFFER` (may be empty).
        var detail: String
        /// Whether a connection (TLS included) had been established when the transfer failed.
        var connected: Bool
        /// Time since the loop started the transfer.
        var elapsedNanoseconds: UInt64
        var timeouts: ProviderTimeouts
    }

    static func curl(_ failure: CurlFailure, redacting secrets: [String]) -> UpstreamError {
        UpstreamError(kind: kind(of: failure), message: message(of: failure, redacting: secrets))
    }

    static func kind(of failure: CurlFailure) -> Kind {
        switch failure.code {
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY, CURLE_COULDNT_CONNECT:
            return .connect
        case CURLE_OPERATION_TIMEDOUT:
            // libcurl reports both CONNECTTIMEOUT and TIMEOUT as error 28. Before a connection
            // exists the connect timeout is the one that fired, unless the total is shorter.
            let connectMs = failure.timeouts.connectMs
            let totalMs = failure.timeouts.totalMs
            let totalReached = totalMs > 0 && failure.elapsedNanoseconds >= UInt64(totalMs) * 1_000_000
            if !failure.connected, connectMs > 0, totalMs <= 0 || connectMs < totalMs, !totalReached {
                return .connectTimeout
            }
            return .totalTimeout
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED,
            CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls
        default:
            return .transport
        }
    }

    /// libcurl's explanation plus the error number. Header values and the URL's query (where some
    /// providers put their key) are masked in case libcurl ever echoes them.
    static func message(of failure: CurlFailure, redacting secrets: [String]) -> String {
        var text = failure.detail.isEmpty ? String(cString: curl_easy_strerror(failure.code)) : failure.detail
        for secret in secrets where secret.utf8.count >= 4 {
            text = text.replacing(secret, with: "[redacted]")
        }
        return "\(text) (curl error \(failure.code.rawValue))"
    }

    /// What must never appear in a message: every header value and the URL's query string.
    static func secrets(of request: OutboundRequest) -> [String] {
        var secrets = request.headers.map(\.value)
        if let query = request.url.split(separator: "?", maxSplits: 1).dropFirst().first {
            secrets.append(String(query))
        }
        return secrets
    }

    static let shutDown = UpstreamError(kind: .cancelled, message: "the upstream client was shut down")
    static let cancelledByCaller = UpstreamError(kind: .cancelled, message: "the transfer was cancelled")
}
