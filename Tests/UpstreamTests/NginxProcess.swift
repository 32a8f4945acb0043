import Foundation
import Glibc

/// nginx serving h2c (HTTP/2 with prior knowledge) on a loopback port, for the HTTP/2 tests.
/// `nginx` daemonises only after it has bound its listen socket, so once the launcher exits the
/// port accepts connections. Stopped by the PID from its pid file.
final class NginxProcess: Sendable {
    static let executable = "/usr/sbin/nginx"
    static var isAvailable: Bool { FileManager.default.isExecutableFile(atPath: executable) }

    let port: Int
    let directory: URL
    /// Bytes served at `/bytes`.
    let largeBody: [UInt8]

    private init(port: Int, directory: URL, largeBody: [UInt8]) {
        self.port = port
        self.directory = directory
        self.largeBody = largeBody
    }

    static func start(largeBodySize: Int) throws -> NginxProcess {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("signalbox-nginx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("www"), withIntermediateDirectories: true)
        let largeBody = TestPattern.bytes(0..<largeBodySize)
        try Data(largeBody).write(to: directory.appendingPathComponent("www/bytes"))
        let port = LoopbackPorts.unused()
        let path = directory.path
        let config = """
            daemon on;
            worker_processes 1;
            pid \(path).pid;
            error_log \(path)/error.log;
            \(getuid() == 0 ? "user root;" : "")
            events { worker_connections 256; }
            http {
                access_log off;
                client_body_temp_path \(path)/body;
                proxy_temp_path \(path)/proxy;
                fastcgi_temp_path \(path)/fastcgi;
                uwsgi_temp_path \(path)/uwsgi;
                scgi_temp_path \(path)/scgi;
                server {
                    listen 127.0.0.1:\(port) http2;
                    root \(path)/www;
                    location = /hello { return 200 "hello over h2"; }
                    location = /bytes { default_type application/octet-stream; }
                }
            }
            """
        try config.write(to: directory.appendingPathComponent("nginx.conf"), atomically: true, encoding: .utf8)

        // posix_spawn + waitpid rather than Foundation.Process: the daemon inherits Process's
        // termination pipe, so waitUntilExit would wait for the daemon, not the launcher.
        let status = try spawnAndWait([executable, "-p", path + "/", "-c", path + "/nginx.conf", "-e", path + "/error.log"])
        guard status == 0 else {
            let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(at: directory)
            throw NginxError(message: "nginx exited with \(status): \(log)")
        }
        return NginxProcess(port: port, directory: directory, largeBody: largeBody)
    }

    private static func spawnAndWait(_ arguments: [String]) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in 0...2 {
            posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let rc = posix_spawn(&pid, arguments[0], &actions, nil, argv, environ)
        guard rc == 0 else { throw NginxError(message: "posix_spawn failed: \(rc)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // WEXITSTATUS, for a normal exit.
        return (status & 0x7F) == 0 ? (status >> 8) & 0xFF : -1
    }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    func stop() {
        // The pid file sits next to the directory, so nginx deleting it on exit cannot race the
        // directory's removal.
        let pidFile = directory.path + ".pid"
        if let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(pid, SIGTERM)
        }
        try? FileManager.default.removeItem(at: directory)
        try? FileManager.default.removeItem(atPath: pidFile)
    }

    struct NginxError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
