import CCurl
import Glibc
import Logging

extension CurlMultiDriver {
    func installMultiCallbacks() {
        let me = Unmanaged.passUnretained(self).toOpaque()
        _ = sb_multi_setopt_socket_function(multi, CURLMOPT_SOCKETFUNCTION) { _, socket, what, userp, _ in
            Unmanaged<CurlMultiDriver>.fromOpaque(userp!).takeUnretainedValue().watch(socket, what: what)
            return 0
        }
        _ = sb_multi_setopt_pointer(multi, CURLMOPT_SOCKETDATA, me)
        _ = sb_multi_setopt_timer_function(multi, CURLMOPT_TIMERFUNCTION) { _, timeoutMs, userp in
            // Only record it: libcurl forbids calling back into the multi handle from here.
            let driver = Unmanaged<CurlMultiDriver>.fromOpaque(userp!).takeUnretainedValue()
            driver.curlTimerDeadline = timeoutMs < 0 ? nil : MonotonicClock.now() &+ UInt64(timeoutMs) &* 1_000_000
            return 0
        }
        _ = sb_multi_setopt_pointer(multi, CURLMOPT_TIMERDATA, me)
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, loop.maxHostConnections)
        // libcurl sizes its connection cache by the easy handles currently added, which drops as
        // transfers finish: idle keep-alive connections were closed and reopened under load.
        _ = sb_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(256, loop.maxHostConnections * 8))
    }

    /// `CURLMOPT_SOCKETFUNCTION`: libcurl tells us which events it wants for a socket.
    func watch(_ socket: Int32, what: Int32) {
        if what == sb_poll_remove() {
            // The socket may already be closed (epoll then forgot it): errors are expected.
            if watchedSockets.remove(socket) != nil {
                _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, socket, nil)
            }
            return
        }
        var event = epoll_event()
        event.events = (what & sb_poll_in() != 0 ? sb_epollin() : 0) | (what & sb_poll_out() != 0 ? sb_epollout() : 0)
        event.data.fd = socket
        let isWatched = watchedSockets.contains(socket)
        var rc = epoll_ctl(epollFD, isWatched ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, &event)
        if rc != 0 {
            // A descriptor number reused after a close without POLL_REMOVE, or the reverse.
            let retry = errno == ENOENT ? EPOLL_CTL_ADD : (errno == EEXIST ? EPOLL_CTL_MOD : nil)
            if let retry { rc = epoll_ctl(epollFD, retry, socket, &event) }
        }
        if rc == 0 {
            watchedSockets.insert(socket)
        } else {
            logger.warning("upstream loop: epoll_ctl failed", metadata: ["errno": "\(errno)"])
        }
    }

    /// epoll readiness → `CURL_CSELECT_*`. A hang-up is reported as readable so libcurl reads the EOF.
    static func curlFlags(for events: UInt32) -> Int32 {
        var flags: Int32 = 0
        if events & (sb_epollin() | sb_epollhup() | sb_epollrdhup()) != 0 { flags |= sb_cselect_in() }
        if events & sb_epollout() != 0 { flags |= sb_cselect_out() }
        if events & sb_epollerr() != 0 { flags |= sb_cselect_err() }
        return flags
    }

    /// Lets libcurl act on a socket (or on its timer), then reaps finished transfers.
    func socketAction(_ socket: Int32, flags: Int32) {
        var running: Int32 = 0
        let rc = curl_multi_socket_action(multi, socket, flags, &running)
        if rc != CURLM_OK {
            logger.warning("upstream loop: curl_multi_socket_action failed", metadata: ["code": "\(rc.rawValue)"])
        }
        reapCompletions()
    }
}
