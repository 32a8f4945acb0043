import Foundation
import SignalboxCore

extension ResponsesInbound {
    /// Decodes an inbound request body, turning decoding failures into 400s that name the
    /// parameter as a path (`input[0].content`), the way OpenAI's and Anthropic's APIs do.
    static func decode<T: Decodable>(_ type: T.Type, from body: [UInt8]) throws(GatewayError) -> T {
        guard !body.isEmpty else { throw .invalidJSON("The request body is empty: send a JSON object.") }
        do {
            return try SharedJSONCoders.decoder.decode(T.self, from: Data(body))
        } catch let error as GatewayError {
            throw error
        } catch let error as DecodingError {
            throw .invalidBody(error)
        } catch {
            throw .invalidJSON("The request body is not valid JSON.")
        }
    }
}
