import SignalboxCore
import Testing

@Suite("ListenAddress")
struct ListenAddressTests {
    struct Parsed: Sendable, CustomTestStringConvertible {
        let text: String
        let host: String
        let port: Int
        let loopback: Bool
        let description: String
        var testDescription: String { text }
    }

    static let valid: [Parsed] = [
        Parsed(text: "127.0.0.1:8080", host: "127.0.0.1", port: 8080, loopback: true, description: "127.0.0.1:8080"),
        Parsed(text: "127.1.2.3:1", host: "127.1.2.3", port: 1, loopback: true, description: "127.1.2.3:1"),
        Parsed(text: "localhost:80", host: "localhost", port: 80, loopback: true, description: "localhost:80"),
        Parsed(text: "[::1]:8080", host: "::1", port: 8080, loopback: true, description: "[::1]:8080"),
        Parsed(text: ":8080", host: "0.0.0.0", port: 8080, loopback: false, description: "0.0.0.0:8080"),
        Parsed(text: "0.0.0.0:0", host: "0.0.0.0", port: 0, loopback: false, description: "0.0.0.0:0"),
        Parsed(text: "10.0.0.1:65535", host: "10.0.0.1", port: 65535, loopback: false, description: "10.0.0.1:65535"),
        Parsed(text: "[::]:9000", host: "::", port: 9000, loopback: false, description: "[::]:9000"),
        Parsed(text: "gateway.internal:443", host: "gateway.internal", port: 443, loopback: false, description: "gateway.internal:443"),
    ]

    @Test(arguments: valid)
    func parses(_ expected: Parsed) throws {
        let address = try #require(ListenAddress(parsing: expected.text))
        #expect(address.host == expected.host)
        #expect(address.port == expected.port)
        #expect(address.isLoopback == expected.loopback)
        #expect(address.description == expected.description)
        #expect(ListenAddress(parsing: address.description) == address, "description parses back")
    }

    @Test(arguments: ["8080", "localhost", "host:", "host:65536", "host:-1", "host:http", "", ":"])
    func rejects(_ text: String) {
        #expect(ListenAddress(parsing: text) == nil)
    }
}
