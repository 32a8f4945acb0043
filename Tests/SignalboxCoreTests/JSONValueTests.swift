import Foundation
import SignalboxCore
import Testing

@Suite("JSONValue")
struct JSONValueTests {
    static let document = """
        {"null":null,"yes":true,"no":false,"int":5,"negative":-3,"float":0.25,"big":12345678901,
         "text":"héllo \\"quoted\\"","empty":"","list":[1,"two",[3],{"four":4}],"object":{"nested":{"deep":[]}}}
        """

    @Test func decodesEveryKind() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(Self.document.utf8))
        #expect(value["null"] == .null)
        #expect(value["yes"] == .bool(true))
        #expect(value["no"] == .bool(false))
        #expect(value["int"] == .number(5))
        #expect(value["negative"] == .number(-3))
        #expect(value["float"] == .number(0.25))
        #expect(value["text"]?.stringValue == "héllo \"quoted\"")
        #expect(value["list"] == .array([.number(1), .string("two"), .array([.number(3)]), .object(["four": .number(4)])]))
        #expect(value["object"]?["nested"]?["deep"] == .array([]))
        #expect(value["missing"] == nil)
        #expect(value["list"]?["x"] == nil, "subscripting a non-object is nil")
    }

    @Test func roundTrips() throws {
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(Self.document.utf8))
        let encoded = try JSONEncoder().encode(value)
        #expect(try JSONDecoder().decode(JSONValue.self, from: encoded) == value)
    }

    @Test func integersStayIntegersOnTheWire() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let value = JSONValue.object(["max_tokens": .number(5), "temperature": .number(0.5), "big": .number(12_345_678_901)])
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        #expect(text == #"{"big":12345678901,"max_tokens":5,"temperature":0.5}"#)
    }

    @Test func typeNames() {
        #expect(JSONValue.null.typeName == "null")
        #expect(JSONValue.bool(true).typeName == "boolean")
        #expect(JSONValue.number(1).typeName == "number")
        #expect(JSONValue.string("").typeName == "string")
        #expect(JSONValue.array([]).typeName == "array")
        #expect(JSONValue.object([:]).typeName == "object")
        #expect(JSONValue.number(1).stringValue == nil)
    }
}
