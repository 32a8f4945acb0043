import Foundation
import NIOCore
import SignalboxCore

/// Decodes and validates request bodies, turning decoding failures into errors that name the
/// offending parameter the way OpenAI's API does.
enum RequestDecoder {
    static func decode<T: Decodable>(_ type: T.Type, from body: ByteBuffer) throws(GatewayError) -> T {
        guard body.readableBytes > 0 else {
            throw .invalidJSON("The request body is empty: send a JSON object.")
        }
        do {
            return try body.withUnsafeReadableBytes { raw in
                try SharedJSONCoders.decoder.decode(T.self, from: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!), count: raw.count, deallocator: .none))
            }
        } catch let error as DecodingError {
            throw .invalidBody(error)
        } catch {
            throw .invalidJSON("The request body is not valid JSON.")
        }
    }
}
