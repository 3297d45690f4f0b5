import Foundation
import JSON
import Testing

@Suite struct JSONStreamWriterTests {
    /// Every kind of call, nested, with empty and non-empty containers, for any indent.
    private static func sample(_ writer: inout JSONStreamWriter) {
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
        writer.strings(["p", "q"])
        writer.strings([])
        writer.closeArray()
        writer.key("c")
        writer.openObject()
        writer.key("d")
        writer.int(0)
        writer.key("e")
        writer.openObject()
        writer.closeObject()
        writer.key("f")
        writer.openArray()
        writer.openArray()
        writer.openArray()
        writer.closeArray()
        writer.string("deep")
        writer.closeArray()
        writer.closeArray()
        writer.closeObject()
        writer.closeObject()
    }

    private static let sampleValue: JSONValue = [
        "a": [], "b": [.object([:]), .int(-12), .null, .string("x\"\n"), ["p", "q"], []],
        "c": ["d": .int(0), "e": .object([:]), "f": [[[], "deep"]]],
    ]

    @Test func nestedObjectsAndArraysGetCommasOnlyBetweenSiblings() {
        var writer = JSONStreamWriter()
        Self.sample(&writer)
        #expect(Data(writer.bytes) == JSONWriter.compact(Self.sampleValue))
        #expect(
            String(decoding: writer.bytes, as: UTF8.self)
                == #"{"a":[],"b":[{},-12,null,"x\"\n",["p","q"],[]],"c":{"d":0,"e":{},"f":[[[],"deep"]]}}"#)
    }

    @Test(arguments: [0, 1, 2, 4])
    func indentedOutputIsJSONWritersLayout(indent: Int) {
        var writer = JSONStreamWriter(indent: indent)
        Self.sample(&writer)
        #expect(writer.bytes == JSONWriter.indented(Self.sampleValue, indent: indent))
    }

    @Test func aTopLevelArrayHasNoLeadingBreak() {
        var writer = JSONStreamWriter(indent: 2)
        writer.openArray()
        writer.int(1)
        writer.openObject()
        writer.closeObject()
        writer.closeArray()
        #expect(writer.bytes == JSONWriter.indented([1, .object([:])], indent: 2))
    }
}
