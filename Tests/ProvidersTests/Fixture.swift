import Foundation

/// A recorded example from a provider's documentation, stored under `Fixtures/<provider>/`.
enum Fixture {
    static func bytes(_ path: String) throws -> [UInt8] {
        guard let url = Bundle.module.url(forResource: "Fixtures/" + path, withExtension: nil) else {
            throw FixtureMissing(path: path)
        }
        return try [UInt8](Data(contentsOf: url))
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }

    struct FixtureMissing: Error, CustomStringConvertible {
        var path: String
        var description: String { "no fixture at Tests/ProvidersTests/Fixtures/\(path)" }
    }
}
