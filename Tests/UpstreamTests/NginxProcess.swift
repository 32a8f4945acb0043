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
            pid \(path)/nginx.pid;
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

        let launcher = Process()
        launcher.executableURL = URL(fileURLWithPath: executable)
        launcher.arguments = ["-p", path + "/", "-c", path + "/nginx.conf", "-e", path + "/error.log"]
        try launcher.run()
        launcher.waitUntilExit()
        guard launcher.terminationStatus == 0 else {
            let log = (try? String(contentsOf: directory.appendingPathComponent("error.log"), encoding: .utf8)) ?? ""
            throw NginxError(message: "nginx exited with \(launcher.terminationStatus): \(log)")
        }
        return NginxProcess(port: port, directory: directory, largeBody: largeBody)
    }

    func url(_ path: String) -> String {
        "http://127.0.0.1:\(port)\(path)"
    }

    func stop() {
        if let text = try? String(contentsOf: directory.appendingPathComponent("nginx.pid"), encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines))
        {
            kill(pid, SIGTERM)
        }
    }

    struct NginxError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
