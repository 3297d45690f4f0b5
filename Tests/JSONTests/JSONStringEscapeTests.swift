import Foundation
import JSON
import Testing

@Suite struct JSONStringEscapeTests {
    /// JSON's escapes, one byte at a time: what the word-at-a-time writer must match exactly.
    private static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = [UInt8(ascii: "\"")]
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\""): output += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): output += Array(#"\\"#.utf8)
            case 0x0A: output += Array(#"\n"#.utf8)
            case 0x0D: output += Array(#"\r"#.utf8)
            case 0x09: output += Array(#"\t"#.utf8)
            case 0x08: output += Array(#"\b"#.utf8)
            case 0x0C: output += Array(#"\f"#.utf8)
            case ..<0x20: output += Array(String(format: "\\u%04x", byte).utf8)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
        return output
    }

    private static func written(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        bytes.withUnsafeBufferPointer { JSONWriter.writeString($0, into: &output) }
        return output
    }

    /// Each byte that needs an escape, and its neighbours 0x1F/0x20 and 0x21/0x23, at every
    /// position of strings around the eight-byte step, among ASCII and multi-byte UTF-8.
    @Test func everyEscapeAtEveryPositionMatchesTheByteWiseEscape() {
        let specials: [UInt8] = [
            0x00, 0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7F,
        ]
        let fillers: [[UInt8]] = [Array("a".utf8), Array("é".utf8), [0xFF]]
        for length in 0...25 {
            for filler in fillers {
                let base = Array((0..<length).flatMap { _ in filler }.prefix(length))
                #expect(Self.written(base) == Self.reference(base))
                for position in 0..<length {
                    for special in specials {
                        var bytes = base
                        bytes[position] = special
                        #expect(
                            Self.written(bytes) == Self.reference(bytes), "byte \(special) at \(position) of \(length)")
                    }
                }
            }
        }
    }

    @Test func randomTextMatchesTheByteWiseEscape() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let length = Int.random(in: 0..<200, using: &generator)
            // Mostly printable text with an escape now and then, like source code.
            let bytes = (0..<length).map { _ -> UInt8 in
                Int.random(in: 0..<10, using: &generator) == 0
                    ? UInt8.random(in: 0...0x5C, using: &generator) : UInt8.random(in: 0x20...0xFF, using: &generator)
            }
            #expect(Self.written(bytes) == Self.reference(bytes), "\(bytes)")
        }
    }

    @Test func theStringFormMatchesTheBytes() {
        var output: [UInt8] = []
        JSONWriter.writeString("tab\there \"quoted\" back\\slash\u{1}", into: &output)
        #expect(String(decoding: output, as: UTF8.self) == #""tab\there \"quoted\" back\\slash\u0001""#)
    }
}
