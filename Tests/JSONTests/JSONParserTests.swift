import JSON
import Testing

@Suite struct JSONParserTests {
    private static func parse(_ text: String) throws(JSONParser.Failure) -> JSONValue {
        try JSONParser.parse(Array(text.utf8))
    }

    private static func failure(_ text: String) -> JSONParser.Failure? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func integralNumbersAreIntegersWhateverTheirSpelling() throws {
        #expect(
            try Self.parse("[1, 1.0, 1e2, -0, -0.0, -9223372036854775808]")
                == [1, 1, 100, 0, 0, .int(Int64.min)])
        #expect(
            try Self.parse("[1.5, 2.5e-3, 12345678901234567890]")
                == [1.5, 0.0025, .double(12_345_678_901_234_567_168)])
        #expect(Self.failure("1e400")?.detail == "the number 1e400 is out of range")
        #expect(
            try Self.parse("[9007199254740993.0, -9007199254740993.00, 1e-400]") == [
                .int(9_007_199_254_740_993), .int(-9_007_199_254_740_993), 0,
            ])
    }

    @Test func escapesDecodeIncludingSurrogatePairs() throws {
        #expect(try Self.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == "a\"b\\c/d\u{8}\u{c}\n\r\t")
        #expect(try Self.parse(#""\u00e9\ud83d\ude00 é""#) == "é😀 é")
        #expect(try Self.parse(#""nul\u0000byte""#) == "nul\u{0}byte")
        #expect(Self.failure(#""\ud800""#)?.detail == "an unpaired surrogate \\u escape")
        #expect(Self.failure(#""\udc00x""#)?.offset == 1)
        #expect(Self.failure(#""\u12G4""#)?.detail == "a \\u escape needs four hex digits")
        #expect(Self.failure(#""\x""#)?.detail == "invalid escape \\x")
    }

    @Test func errorsNameTheOffendingByte() {
        #expect(
            Self.failure("{\"a\": 1,}")
                == .init(offset: 8, detail: "expected a key after ',' (trailing commas are not allowed)"))
        #expect(
            Self.failure("[1,]")
                == .init(offset: 3, detail: "expected a value after ',' (trailing commas are not allowed)"))
        #expect(Self.failure("{\"a\" 1}") == .init(offset: 5, detail: "expected ':' after an object key, found '1'"))
        #expect(Self.failure("[01]") == .init(offset: 2, detail: "a number with a leading zero"))
        #expect(Self.failure("{'a': 1}")?.detail == "expected a double-quoted key, found '''")
        #expect(Self.failure("[1] x") == .init(offset: 4, detail: "unexpected 'x' after the end of the document"))
        #expect(Self.failure("\"abc") == .init(offset: 0, detail: "a string that is never closed"))
        #expect(
            Self.failure("\"a\nb\"")?.detail
                == "a control character (a line break) inside a string; escape it or close the string")
        #expect(Self.failure("  ") == .init(offset: 2, detail: "the file is empty"))
        #expect(Self.failure("[tru]")?.detail == "expected a value, found 't' (strings need double quotes)")
        #expect(Self.failure("NaN")?.offset == 0)
    }

    @Test func invalidUTF8InAStringIsRefused() {
        var bytes = Array("{\"k\": \"ab".utf8)
        bytes += [0xC3, 0x28]
        bytes += Array("\"}".utf8)
        #expect(throws: JSONParser.Failure(offset: 6, detail: "a string that is not valid UTF-8")) {
            try JSONParser.parse(bytes)
        }
    }

    @Test func byteOrderMarkIsSkippedAndLastDuplicateKeyWins() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{\"a\":1,\"a\":2}".utf8)) == ["a": 2])
    }

    @Test func nestingIsCappedWithoutExhaustingTheStack() throws {
        let deepest =
            String(repeating: "[", count: JSONParser.maximumDepth)
            + String(repeating: "]", count: JSONParser.maximumDepth)
        #expect(throws: Never.self) { try Self.parse(deepest) }
        let tooDeep = String(repeating: "[", count: 100_000)
        #expect(
            Self.failure(tooDeep) == .init(offset: JSONParser.maximumDepth, detail: "nested deeper than 512 levels"))
    }

    @Test func documentsRoundTripThroughTheWriter() throws {
        let text = #"{"a":[true,false,null,-3,2.5,"x\ny"],"b":{"c":{}},"d":[]}"#
        #expect(JSONCoding.encodeString(try Self.parse(text)) == text)
    }

    @Test func validJSONParsesAndInvalidFails() {
        let valid = [
            #"{"a": [1, -2.5e3, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"], "b": {}, "c": []}"#, "[]", "  7 ",
            "\"s\"",
            String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
        ]
        for text in valid {
            #expect(Self.failure(text) == nil, "\(text.prefix(40))")
        }
        let invalid = [
            "[1,]", "[01]", "[1.]", "[-]", "{\"a\" 1}", "[tru]", "\"\\x\"", "\"\\u12\"", "[1 2]", "{", "NaN",
        ]
        for text in invalid {
            #expect(Self.failure(text) != nil, "\(text)")
        }
        let tooDeep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)
        #expect(Self.failure(tooDeep)?.detail == "nested deeper than 512 levels")
    }
}
