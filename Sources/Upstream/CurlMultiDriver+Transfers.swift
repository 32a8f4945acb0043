import CCurl
import Logging

extension CurlMultiDriver {
    func start(_ request: CurlTransferRequest) {
        let now = MonotonicClock.now()
        if request.handle.isCancelRequested {
            // Cancelled while queued: never touch the network.
            var timings = UpstreamTimings()
            timings.queued = now >= request.enqueuedAt ? now - request.enqueuedAt : 0
            request.delegate.upstreamDidFail(.cancelledByCaller, timings)
            return
        }
        guard let easy = pool.acquire() else {
            request.delegate.upstreamDidFail(UpstreamError(kind: .transport, message: "curl_easy_init failed"), UpstreamTimings())
            return
        }
        let state = CurlTransferState(request: request, easy: easy, driver: self, now: now)
        if let error = state.configure(request.request) {
            let timings = state.timings()
            pool.release(easy)
            state.isTerminated = true
            request.delegate.upstreamDidFail(error, timings)
            return
        }
        transfers[request.id] = state
        let rc = curl_multi_add_handle(multi, easy)
        guard rc == CURLM_OK else {
            transfers[request.id] = nil
            let timings = state.timings()
            pool.release(easy)
            state.isTerminated = true
            let message = String(cString: curl_multi_strerror(rc))
            request.delegate.upstreamDidFail(UpstreamError(kind: .transport, message: message), timings)
            return
        }
        state.armFirstByteDeadline(now: now)
        // libcurl has asked (timer callback, 0 ms) to be driven; the loop does so before sleeping.
    }

    func cancel(_ id: UInt64) {
        // Unknown id: the transfer already ended, and cancelling it is a no-op.
        guard let state = transfers[id] else { return }
        fail(state, with: .cancelledByCaller)
    }

    func resume(_ id: UInt64) {
        guard let state = transfers[id] else { return }
        let rc = state.resumeDelivery()
        if rc != CURLE_OK, !state.isTerminated {
            fail(state, with: curlError(for: state, code: rc))
        }
        // Unpausing may have finished the transfer (held data was the last of it).
        reapCompletions()
    }

    /// Handles every `CURLMSG_DONE` libcurl has queued.
    func reapCompletions() {
        var remaining: Int32 = 0
        while let message = curl_multi_info_read(multi, &remaining) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            // Copy out first: the message dies with curl_multi_remove_handle.
            let result = message.pointee.data.result
            var pointer: UnsafeMutableRawPointer?
            _ = sb_easy_getinfo_pointer(easy, CURLINFO_PRIVATE, &pointer)
            guard let pointer else { continue }
            complete(CurlTransferState.from(pointer), result: result)
        }
    }

    private func complete(_ state: CurlTransferState, result: CURLcode) {
        guard !state.isTerminated else { return }
        if result == CURLE_OK {
            state.deliverHeadIfMissing()
            let timings = state.timings()
            release(state)
            state.delegate.upstreamDidFinish(timings)
        } else {
            // A callback refused data because of cancel(): report the cancellation, not the refusal.
            let error = state.handle.isCancelRequested ? .cancelledByCaller : curlError(for: state, code: result)
            fail(state, with: error)
        }
    }

    /// Ends a transfer that is still attached: detach it, then deliver the one terminal call.
    func fail(_ state: CurlTransferState, with error: UpstreamError) {
        guard !state.isTerminated else { return }
        let timings = state.timings()
        release(state)
        if error.kind != .cancelled {
            logger.debug("upstream transfer failed", metadata: ["kind": "\(error.kind.rawValue)", "message": "\(error.message)"])
        }
        state.delegate.upstreamDidFail(error, timings)
    }

    /// Detaches the easy handle and returns it to the pool. No libcurl callback for this transfer
    /// can run afterwards.
    private func release(_ state: CurlTransferState) {
        state.isTerminated = true
        state.deadline = nil
        transfers[state.handle.id] = nil
        curl_multi_remove_handle(multi, state.easy)
        pool.release(state.easy)
    }

    private func curlError(for state: CurlTransferState, code: CURLcode) -> UpstreamError {
        let failure = UpstreamError.CurlFailure(
            code: code,
            detail: String(cString: state.errorBuffer),
            connected: state.wasConnected,
            elapsedNanoseconds: MonotonicClock.now() - state.startedAt,
            timeouts: state.timeouts
        )
        return .curl(failure, redacting: state.secrets)
    }

    // MARK: - First-byte and idle deadlines

    /// Makes sure the loop wakes up by `time`.
    func scheduleSweep(at time: UInt64) {
        if let current = nextSweep, current <= time { return }
        nextSweep = time
    }

    /// Fails the transfers whose deadline passed and finds the next one. Runs only when the
    /// earliest known deadline is due, so its O(n) cost is not paid per event.
    func sweepDeadlines(now: UInt64) {
        nextSweep = nil
        var expired: [CurlTransferState] = []
        for state in transfers.values {
            guard let deadline = state.deadline else { continue }
            if deadline <= now {
                expired.append(state)
            } else {
                scheduleSweep(at: deadline)
            }
        }
        for state in expired {
            fail(state, with: state.deadlineError)
        }
    }
}
