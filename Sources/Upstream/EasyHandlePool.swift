import CCurl

/// Idle easy handles kept for reuse (`curl_easy_reset` keeps their buffers and caches; live
/// connections belong to the multi handle, so reuse of connections does not depend on this pool).
/// Loop thread only.
struct EasyHandlePool {
    private var idle: [UnsafeMutableRawPointer] = []
    private let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    mutating func acquire() -> UnsafeMutableRawPointer? {
        idle.popLast() ?? curl_easy_init()
    }

    /// Takes back a handle that is no longer part of the multi handle.
    mutating func release(_ easy: UnsafeMutableRawPointer) {
        if idle.count < capacity {
            curl_easy_reset(easy)
            idle.append(easy)
        } else {
            curl_easy_cleanup(easy)
        }
    }

    mutating func removeAll() {
        for easy in idle { curl_easy_cleanup(easy) }
        idle.removeAll()
    }
}
