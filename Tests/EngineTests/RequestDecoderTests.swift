@testable import Engine
import NIOCore
import SignalboxCore
import Testing

@Suite("Request decoding and validation errors")
struct RequestDecoderTests {
    private func decodeError(_ json: String) -> GatewayError? {
        do {
            _ = try RequestDecoder.decode(ChatCompletionRequest.self, from: ByteBuffer(string: json))
            return nil
        } catch {
            return error
        }
    }

    @Test(
        "each malformed body names the offending parameter",
        arguments: [
            (#"{"messages":[{"role":"user","content":"hi"}]}"#, "model", "Missing required parameter"),
            (#"{"model":"m"}"#, "messages", "Missing required parameter"),
            (#"{"model":"m","messages":"x"}"#, "messages", "expected an array"),
            (#"{"model":5,"messages":[]}"#, "model", "expected a string"),
            (#"{"model":"m","messages":[{"content":"hi"}]}"#, "messages[0].role", "Missing required parameter"),
            (#"{"model":"m","messages":[{"role":"wizard","content":"hi"}]}"#, "messages[0].role", "not one of"),
            (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"temperature":"hot"}"#, "temperature", "expected a number"),
            (#"{"model":"m","messages":[{"role":"user","content":"hi"}],"stream":"yes"}"#, "stream", "expected a boolean"),
        ] as [(String, String, String)])
    func namesParameter(json: String, param: String, fragment: String) throws {
        let error = try #require(decodeError(json))
        #expect(error.status == 400)
        #expect(error.param == param)
        #expect(error.message.contains(fragment), "message was: \(error.message)")
        #expect(error.type == "invalid_request_error")
    }

    @Test("syntactically broken JSON is invalid_json", arguments: ["{", "nope", "", "[1,2]", "{\"model\":\"m\""])
    func brokenJSON(json: String) throws {
        let error = try #require(decodeError(json))
        #expect(error.status == 400)
        #expect(error.codeName == "invalid_json")
    }

    @Test("invalid UTF-8 is rejected as a 400, not a crash")
    func invalidUTF8() throws {
        var buffer = ByteBuffer(string: #"{"model":"m","messages":[{"role":"user","content":""#)
        buffer.writeBytes([0xFF, 0xFE, 0xC3])
        buffer.writeString(#""}]}"#)
        do {
            _ = try RequestDecoder.decode(ChatCompletionRequest.self, from: buffer)
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.status == 400)
        }
    }

    @Test("coding paths render as parameter paths")
    func paths() {
        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int?
            init(_ s: String) { stringValue = s }
            init(_ i: Int) { stringValue = "Index \(i)"; intValue = i }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { self.init(intValue) }
        }
        #expect(GatewayError.parameterPath([Key("messages"), Key(2), Key("content"), Key(0), Key("text")]) == "messages[2].content[0].text")
    }
}
