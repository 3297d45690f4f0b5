import Foundation
import JSON
import Testing

@Suite struct JSONCompactWriterTests {
    @Test func nestedObjectsAndArraysGetCommasOnlyBetweenSiblings() {
        var writer = JSONCompactWriter()
        writer.openObject()
        writer.key("a")
        writer.openArray()
        writer.closeArray()
        writer.key("b")
        writer.openArray()
        writer.openObject()
        writer.closeObject()
        writer.int(-12)
        writer.null()
        writer.string("x\"\n")
        writer.closeArray()
        writer.key("c")
        writer.openObject()
        writer.key("d")
        writer.int(0)
        writer.closeObject()
        writer.closeObject()
        let expected: JSONValue = [
            "a": [], "b": [.object([:]), .int(-12), .null, .string("x\"\n")], "c": ["d": .int(0)],
        ]
        #expect(Data(writer.bytes) == JSONWriter.compact(expected))
        #expect(String(decoding: writer.bytes, as: UTF8.self) == #"{"a":[],"b":[{},-12,null,"x\"\n"],"c":{"d":0}}"#)
    }
}
