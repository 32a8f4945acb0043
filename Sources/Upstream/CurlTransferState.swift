import CCurl
import SignalboxCore

/// The loop thread's view of one transfer: its easy handle, parser, pause flags and deadline.
/// Created, used and released on the loop thread only; libcurl callbacks reach it through the
/// `CURLOPT_PRIVATE` / `WRITEDATA` / `HEADERDATA` pointer, which `CurlMultiDriver.transfers`
/// keeps alive for as long as the easy handle is part of the multi handle.
final class CurlTransferState {
    enum DeadlineKind {
        case firstByte
        case idle
    }

    let handle: CurlTransfer
    let delegate: any UpstreamResponseDelegate
    let timeouts: ProviderTimeouts
    /// The request, kept for masking its header values and URL query out of error messages
    /// (computed only when a transfer fails, never on the success path).
    let request: OutboundRequest
    var secrets: [String] { UpstreamError.secrets(of: request) }
    let isTLS: Bool
    let enqueuedAt: UInt64
    let startedAt: UInt64
    let easy: UnsafeMutableRawPointer
    unowned let driver: CurlMultiDriver

    var headerList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>

    var parser = ResponseHeadParser()
    var headDelivered = false
    var firstByteSeen = false
    /// The delegate answered `.pause` and has not called `resume()` yet.
    var pausedByDelegate = false
    /// A write callback answered `CURL_WRITEFUNC_PAUSE`: libcurl holds that chunk and needs
    /// `curl_easy_pause(CURLPAUSE_CONT)` to deliver it again.
    var pausedInCurl = false
    /// When the first-byte or idle timer fires (`MonotonicClock`), if armed.
    var deadline: UInt64?
    var deadlineKind = DeadlineKind.firstByte
    /// Set once the terminal callback was delivered (or is about to be).
    var isTerminated = false

    init(request: CurlTransferRequest, easy: UnsafeMutableRawPointer, driver: CurlMultiDriver, now: UInt64) {
        self.handle = request.handle
        self.delegate = request.delegate
        self.timeouts = request.request.timeouts
        self.request = request.request
        self.isTLS = request.request.url.utf8.prefix(8).lazy.map { $0 | 0x20 }.elementsEqual("https://".utf8)
        self.enqueuedAt = request.enqueuedAt
        self.startedAt = now
        self.easy = easy
        self.driver = driver
        let size = Int(sb_error_size())
        self.errorBuffer = .allocate(capacity: size)
        self.errorBuffer.initialize(repeating: 0, count: size)
    }

    deinit {
        errorBuffer.deallocate()
        if let headerList { curl_slist_free_all(headerList) }
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer) -> CurlTransferState {
        Unmanaged<CurlTransferState>.fromOpaque(pointer).takeUnretainedValue()
    }

    // MARK: - Deadlines

    func armFirstByteDeadline(now: UInt64) {
        guard timeouts.firstByteMs > 0 else { return }
        arm(.firstByte, at: now &+ UInt64(timeouts.firstByteMs) &* 1_000_000)
    }

    /// A response byte arrived (or delivery resumed): the idle timer restarts, unless the
    /// delegate holds the transfer paused, in which case silence is expected.
    func noteActivity() {
        firstByteSeen = true
        guard !pausedByDelegate, timeouts.idleMs > 0 else {
            deadline = nil
            return
        }
        arm(.idle, at: MonotonicClock.now() &+ UInt64(timeouts.idleMs) &* 1_000_000)
    }

    private func arm(_ kind: DeadlineKind, at time: UInt64) {
        deadline = time
        deadlineKind = kind
        driver.scheduleSweep(at: time)
    }

    var deadlineError: UpstreamError {
        switch deadlineKind {
        case .firstByte:
            UpstreamError(kind: .firstByteTimeout, message: "no response byte within \(timeouts.firstByteMs) ms")
        case .idle:
            UpstreamError(kind: .idleTimeout, message: "no response data for \(timeouts.idleMs) ms")
        }
    }
}
