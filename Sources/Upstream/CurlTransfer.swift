import Synchronization

/// The engine's handle on one transfer of a `CurlUpstreamClient`. Both methods only post a
/// command to the loop thread, so they are cheap and safe to call from any thread, any number of
/// times, before or after the transfer ended.
final class CurlTransfer: UpstreamTransfer {
    let id: UInt64
    private let loop: CurlLoop
    /// Read by the loop thread inside libcurl callbacks, so that no body part is delivered once
    /// `cancel()` has returned (except one that was already being delivered at that moment).
    private let cancelFlag = Atomic<Bool>(false)

    init(id: UInt64, loop: CurlLoop) {
        self.id = id
        self.loop = loop
    }

    var isCancelRequested: Bool { cancelFlag.load(ordering: .acquiring) }

    func cancel() {
        guard !cancelFlag.exchange(true, ordering: .acquiringAndReleasing) else { return }
        loop.submit(.cancel(id))
    }

    func resume() {
        loop.submit(.resume(id))
    }
}
