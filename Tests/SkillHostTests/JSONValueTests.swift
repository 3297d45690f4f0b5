import Foundation
import Testing

@testable import SkillHost

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
        let value: JSONValue = ["b": "x\ny", "a": ["/path", 1.5, nil]]
        #expect(JSONCoding.encodeString(value) == #"{"a":["/path",1.5,null],"b":"x\ny"}"#)
    }

    @Test func nonASCIIStaysRaw() throws {
        #expect(JSONCoding.encodeString("héllo ✓") == "\"héllo ✓\"")
    }
}
