import Glibc

/// Raw loopback sockets for the connect failure tests.
enum LoopbackPorts {
    /// A port on 127.0.0.1 that nothing listens on (bound, then released).
    static func unused() -> Int {
        let fd = bound()
        let port = portOf(fd)
        close(fd)
        return port
    }

    /// A listener whose accept queue is full and never drained, so the kernel drops further SYNs
    /// and a connect to it hangs until the client's timeout. Returns the descriptors to close.
    static func saturatedListener() -> (port: Int, descriptors: [Int32]) {
        let listener = bound()
        precondition(listen(listener, 0) == 0)
        let port = portOf(listener)
        // Backlog 0 admits one completed connection; it stays queued because nobody accepts.
        let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port: port)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        precondition(rc == 0, "filler connect failed")
        return (port, [filler, listener])
    }

    private static func bound() -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        precondition(fd >= 0)
        var address = loopback(port: 0)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        precondition(rc == 0)
        return fd
    }

    private static func portOf(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    private static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
