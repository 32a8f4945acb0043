import CCurl
import Glibc
import Logging
import SignalboxCore
import Synchronization

/// The thread-safe half of a `CurlUpstreamClient`: the inbox, the eventfd that wakes the loop
/// thread, and the thread itself. Everything libcurl owns lives in `CurlMultiDriver`, which is
/// created on the loop thread and never leaves it.
final class CurlLoop: Sendable {
    let maxHostConnections: Int
    let logger: Logger
    /// eventfd written by submitters and read by the loop thread. Closed in `deinit`, which cannot
    /// run before both the loop thread and every submitter have let go of this object.
    let wakeFD: Int32

    private let inbox = Mutex(CurlInbox())
    private let nextID = Atomic<UInt64>(1)
    /// `pthread_t` of the loop thread (0 until started), used to recognise calls made from it.
    private let loopThreadID = Atomic<UInt>(0)
    private let joinState = Mutex(JoinState.notStarted)

    private enum JoinState {
        case notStarted
        case running(pthread_t)
        /// Joined or detached: nobody has to wait for the thread any more.
        case done
    }

    init(maxHostConnections: Int, logger: Logger) {
        self.maxHostConnections = max(1, maxHostConnections)
        self.logger = logger
        _ = CurlGlobal.isInitialized
        let fd = eventfd(0, sb_efd_cloexec_nonblock())
        precondition(fd >= 0, "eventfd failed (errno \(errno)): the upstream client cannot run")
        self.wakeFD = fd
    }

    deinit {
        close(wakeFD)
    }

    /// Starts the loop thread. Called once, from `CurlUpstreamClient.init`.
    func start() {
        let context = Unmanaged.passRetained(self).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(
            &thread, nil,
            { argument in
                let loop = Unmanaged<CurlLoop>.fromOpaque(argument!).takeRetainedValue()
                loop.runOnLoopThread()
                return nil
            }, context)
        precondition(rc == 0, "pthread_create failed (\(rc)): the upstream client cannot run")
        loopThreadID.store(UInt(thread), ordering: .releasing)
        joinState.withLock { $0 = .running(thread) }
    }

    // MARK: - Any thread

    func execute(_ request: OutboundRequest, delegate: any UpstreamResponseDelegate) -> CurlTransfer {
        let handle = CurlTransfer(id: nextID.wrappingAdd(1, ordering: .relaxed).oldValue, loop: self)
        let command = CurlTransferRequest(handle: handle, request: request, delegate: delegate, enqueuedAt: MonotonicClock.now())
        if case .rejected(let reason) = submitAndWake(.start(command)) {
            // The loop is gone (shut down): there is no upstream thread left to report from.
            delegate.upstreamDidFail(reason, UpstreamTimings())
        }
        return handle
    }

    func submit(_ command: CurlLoopCommand) {
        _ = submitAndWake(command)
    }

    /// Stops the loop: everything in flight fails with `.cancelled`. Waits for the thread unless
    /// called from the loop thread itself (a delegate callback), which cannot wait for itself.
    func shutdown() {
        if case .wake = inbox.withLock({ $0.requestShutdown() }) { wake() }
        if isOnLoopThread {
            // Detach unless another thread is already joining (it holds the lock while waiting).
            joinState.withLockIfAvailable { state in
                if case .running(let thread) = state {
                    pthread_detach(thread)
                    state = .done
                }
            }
            return
        }
        // Holding the lock while joining makes concurrent `shutdown()` callers wait too.
        joinState.withLock { state in
            if case .running(let thread) = state {
                pthread_join(thread, nil)
                state = .done
            }
        }
    }

    private var isOnLoopThread: Bool {
        let id = loopThreadID.load(ordering: .acquiring)
        return id != 0 && pthread_equal(pthread_self(), pthread_t(id)) != 0
    }

    private func submitAndWake(_ command: CurlLoopCommand) -> CurlInbox.SubmitAction {
        let action = inbox.withLock { $0.submit(command) }
        if case .wake = action { wake() }
        return action
    }

    private func wake() {
        var one: UInt64 = 1
        // EAGAIN means the counter is saturated, i.e. a wake-up is pending anyway.
        _ = write(wakeFD, &one, MemoryLayout<UInt64>.size)
    }

    // MARK: - Loop thread

    /// Drains the inbox; called by the loop after it consumed the eventfd.
    func drainInbox() -> CurlInbox.Drained {
        inbox.withLock { $0.drain() }
    }

    /// Closes the inbox; returns the commands that never reached the loop.
    func closeInbox(reason: UpstreamError) -> [CurlLoopCommand] {
        inbox.withLock { $0.close(reason: reason) }
    }

    private func runOnLoopThread() {
        loopThreadID.store(UInt(pthread_self()), ordering: .releasing)
        _ = sb_set_current_thread_name("sb-upstream")
        guard CurlGlobal.isInitialized, let driver = CurlMultiDriver(loop: self) else {
            let reason = UpstreamError(kind: .transport, message: "the upstream client could not initialise libcurl/epoll")
            logger.error("upstream loop failed to start")
            for case .start(let request) in closeInbox(reason: reason) {
                request.delegate.upstreamDidFail(reason, UpstreamTimings())
            }
            return
        }
        driver.run()
    }
}
