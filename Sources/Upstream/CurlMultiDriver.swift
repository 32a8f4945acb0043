import CCurl
import Glibc
import Logging
import NIOCore

/// Owns the libcurl multi handle and runs the event loop on the upstream thread:
/// `epoll_wait` → `curl_multi_socket_action` for ready sockets → inbox commands → libcurl's timer
/// → our own first-byte/idle deadlines → completions. Created on that thread and never shared,
/// so none of its state needs a lock.
final class CurlMultiDriver {
    let loop: CurlLoop
    let multi: UnsafeMutableRawPointer
    let epollFD: Int32
    let allocator = ByteBufferAllocator()
    var logger: Logger { loop.logger }

    /// Transfers attached to the multi handle, by id.
    var transfers: [UInt64: CurlTransferState] = [:]
    var pool = EasyHandlePool(capacity: 256)
    /// When libcurl wants `CURL_SOCKET_TIMEOUT` (from `CURLMOPT_TIMERFUNCTION`).
    var curlTimerDeadline: UInt64?
    /// No first-byte/idle deadline is due before this; the sweep recomputes it.
    var nextSweep: UInt64?
    /// Sockets currently registered with epoll.
    var watchedSockets: Set<Int32> = []

    init?(loop: CurlLoop) {
        self.loop = loop
        let epollFD = epoll_create1(sb_epoll_cloexec())
        guard epollFD >= 0 else { return nil }
        guard let multi = curl_multi_init() else {
            close(epollFD)
            return nil
        }
        self.epollFD = epollFD
        self.multi = multi

        var event = epoll_event()
        event.events = sb_epollin()
        event.data.fd = loop.wakeFD
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, loop.wakeFD, &event) == 0 else {
            curl_multi_cleanup(multi)
            close(epollFD)
            return nil
        }
        installMultiCallbacks()
    }

    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        while true {
            let timeout = epollTimeout(now: MonotonicClock.now())
            let count = events.withUnsafeMutableBufferPointer { buffer in
                epoll_wait(epollFD, buffer.baseAddress, Int32(buffer.count), timeout)
            }
            if count < 0 {
                guard errno == EINTR else {
                    logger.error("upstream loop: epoll_wait failed", metadata: ["errno": "\(errno)"])
                    shutDown()
                    return
                }
                continue
            }

            var woken = false
            for index in 0..<Int(count) {
                let event = events[index]
                if event.data.fd == loop.wakeFD {
                    var value: UInt64 = 0
                    _ = read(loop.wakeFD, &value, MemoryLayout<UInt64>.size)
                    woken = true
                } else {
                    socketAction(event.data.fd, flags: Self.curlFlags(for: event.events))
                }
            }

            if woken {
                let drained = loop.drainInbox()
                for command in drained.commands { handle(command) }
                if drained.shutdownRequested {
                    shutDown()
                    return
                }
            }

            let now = MonotonicClock.now()
            if let deadline = curlTimerDeadline, deadline <= now {
                curlTimerDeadline = nil
                socketAction(sb_socket_timeout(), flags: 0)
            }
            if let sweep = nextSweep, sweep <= now {
                sweepDeadlines(now: now)
            }
        }
    }

    private func handle(_ command: CurlLoopCommand) {
        switch command {
        case .start(let request): start(request)
        case .cancel(let id): cancel(id)
        case .resume(let id): resume(id)
        }
    }

    /// Milliseconds until the nearer of libcurl's timer and our own sweep, rounded up; -1 if none.
    private func epollTimeout(now: UInt64) -> Int32 {
        let deadline: UInt64?
        switch (curlTimerDeadline, nextSweep) {
        case (let a?, let b?): deadline = min(a, b)
        case (let a?, nil): deadline = a
        case (nil, let b?): deadline = b
        case (nil, nil): deadline = nil
        }
        guard let deadline else { return -1 }
        guard deadline > now else { return 0 }
        return Int32(clamping: (deadline - now + 999_999) / 1_000_000)
    }

    /// Stops for good: every transfer (attached or still queued) fails with `.cancelled`, then
    /// libcurl and epoll are torn down on this thread.
    private func shutDown() {
        let leftovers = loop.closeInbox(reason: .shutDown)
        for state in Array(transfers.values) {
            fail(state, with: .shutDown)
        }
        for case .start(let request) in leftovers {
            var timings = UpstreamTimings()
            let now = MonotonicClock.now()
            timings.queued = now >= request.enqueuedAt ? now - request.enqueuedAt : 0
            request.delegate.upstreamDidFail(.shutDown, timings)
        }
        // May call the socket callback (POLL_REMOVE) while closing cached connections.
        curl_multi_cleanup(multi)
        pool.removeAll()
        close(epollFD)
    }
}
