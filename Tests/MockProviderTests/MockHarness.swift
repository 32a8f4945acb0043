import Foundation
import MockProvider
import SignalboxCore
import Synchronization

/// Starts a mock on an ephemeral port for the duration of `body`, and always stops it.
func withMock<T>(
    _ configuration: MockProviderConfiguration = .init(), _ body: (MockProviderServer, Int) async throws -> T
) async throws -> T {
    let server = MockProviderServer(configuration: configuration)
    let port = try await server.start()
    do {
        let value = try await body(server, port)
        await server.stop()
        return value
    } catch {
        await server.stop()
        throw error
    }
}

/// One request on its own connection, read to the end of the response.
func call(
    _ port: Int, _ method: String, _ path: String, json body: String? = nil, headers: [(String, String)] = []
) async throws -> LoopbackHTTPConnection.Response {
    let connection = try await LoopbackHTTPConnection.open(port: port)
    defer { connection.close() }
    var headers = headers
    if body != nil { headers.append(("Content-Type", "application/json")) }
    try await connection.send(method, path, headers: headers, body: body)
    let head = try await connection.readHead()
    return LoopbackHTTPConnection.Response(head: head, body: try await connection.readBody())
}

/// A chat request body; `extra` is spliced in as raw JSON members.
func chatBody(
    model: String = "mock-gpt", user: String = "Hello there, mock!", system: String? = "You are terse.", extra: String = ""
) -> String {
    var messages: [String] = []
    if let system { messages.append(#"{"role":"system","content":\#(quoted(system))}"#) }
    messages.append(#"{"role":"user","content":\#(quoted(user))}"#)
    let tail = extra.isEmpty ? "" : "," + extra
    return #"{"model":"\#(model)","messages":[\#(messages.joined(separator: ","))]\#(tail)}"#
}

func quoted(_ text: String) -> String {
    String(decoding: try! JSONEncoder().encode(text), as: UTF8.self)
}

func parseJSON(_ text: String) throws -> JSONValue {
    try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
}

let weatherTools = #"""
    "tools":[
      {"type":"function","function":{"name":"get_weather","description":"Weather for a place",
        "parameters":{"type":"object","properties":{"location":{"type":"string"},"unit":{"type":"string","enum":["celsius","fahrenheit"]},"days":{"type":"integer"}},"required":["location"]}}},
      {"type":"function","function":{"name":"get_time","parameters":{"type":"object","properties":{"zone":{"type":"string"}}}}}
    ]
    """#

func cosine(_ a: [Double], _ b: [Double]) -> Double {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
}

/// Records the order in which concurrent steps finished.
final class CompletionLog: Sendable {
    private let storage = Mutex<[String]>([])

    func append(_ entry: String) { storage.withLock { $0.append(entry) } }
    var entries: [String] { storage.withLock { $0 } }
}
