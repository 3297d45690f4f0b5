import Foundation
import JSON
import Testing

@Suite struct JSONValueTests {
    @Test func booleanAndNumberStayApart() throws {
        #expect(try JSONCoding.decode("true") == .bool(true))
        #expect(try JSONCoding.decode("1") == .int(1))
        #expect(try JSONCoding.decode("1").boolValue == nil)
        #expect(try JSONCoding.decode("true").intValue == nil)
    }

    @Test func largeIntegersRoundTripExactly() throws {
        let text = "{\"id\":9007199254740993}"
        #expect(JSONCoding.encodeString(try JSONCoding.decode(text)) == text)
    }

    @Test func encodingIsSortedCompactAndEscapesNewlines() {
        let value: JSONValue = ["b": "x\ny", "a": ["/path", 1.5, .null]]
        #expect(JSONCoding.encodeString(value) == #"{"a":["/path",1.5,null],"b":"x\ny"}"#)
    }

    @Test func integersAreWrittenInFullIncludingTheExtremes() {
        let value: JSONValue = [.int(Int64.min), .int(Int64.max), 0, -7, 10, 1_000_000]
        #expect(
            JSONCoding.encodeString(value)
                == "[-9223372036854775808,9223372036854775807,0,-7,10,1000000]")
    }

    @Test func nonASCIIStaysRaw() throws {
        #expect(JSONCoding.encodeString("héllo ✓") == "\"héllo ✓\"")
    }
}

@Suite struct JSONWriterTests {
    @Test func indentedLayoutMatchesPythonJSONDumps() {
        // json.dumps({"b": [1, {}], "a": "é\u0001", "c": []}, indent=1, sort_keys=True, ensure_ascii=False)
        let value: JSONValue = ["b": [1, [:]], "a": "é\u{01}", "c": []]
        let expected = "{\n \"a\": \"é\\u0001\",\n \"b\": [\n  1,\n  {}\n ],\n \"c\": []\n}"
        #expect(String(decoding: JSONWriter.indented(value, indent: 1), as: UTF8.self) == expected)
    }

    @Test func keysSortByCodePoint() {
        let value: JSONValue = ["é": 1, "z": 2, "A": 3]
        #expect(JSONCoding.encodeString(value) == #"{"A":3,"z":2,"é":1}"#)
    }

    @Test func compactOutputDecodesBackToTheSameValue() throws {
        let value: JSONValue = [
            "s": "tab\tquote\"back\\slash/", "n": -12, "d": 0.25, "t": true, "z": .null, "l": [[], [:]],
        ]
        #expect(try JSONCoding.decode(JSONCoding.encode(value)) == value)
    }
}
