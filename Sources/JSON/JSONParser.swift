/// Parses RFC 8259 JSON text straight from bytes into a `JSONValue`.
///
/// Foundation's `JSONDecoder` goes through `Decodable` and a `try?` cascade per value, which made
/// reading a 2,000-task job or a ledger of thousands of lines the slowest step of a migration.
/// This parser is strict (no comments, trailing commas, NaN, invalid UTF-8 or unpaired
/// surrogates), reads an integral number as `.int` and any other as `.double`, and lets a
/// repeated key's last value win. Nesting is capped so hostile input cannot exhaust the stack.
public enum JSONParser {
    /// Deeper documents are refused, as Foundation's decoder does.
    public static let maximumDepth = 512

    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// Byte offset of the offending byte (the input's length at end of input).
        public var offset: Int
        public var detail: String

        public init(offset: Int, detail: String) {
            self.offset = offset
            self.detail = detail
        }

        public var description: String { detail }
    }

    /// The document in `bytes` (UTF-8, a leading byte-order mark skipped).
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> JSONValue {
        var cursor = Cursor(bytes)
        if cursor.count >= 3, cursor[0] == 0xEF, cursor[1] == 0xBB, cursor[2] == 0xBF { cursor.index = 3 }
        cursor.skipWhitespace()
        guard !cursor.atEnd else { throw Failure(offset: cursor.index, detail: "the file is empty") }
        let value = try cursor.value(depth: 0)
        cursor.skipWhitespace()
        guard cursor.atEnd else { throw cursor.failure("unexpected \(cursor.shown) after the end of the document") }
        return value
    }

    public static func parse(_ bytes: [UInt8]) throws(Failure) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in Result { () throws(Failure) in try parse(buffer) } }
        return try result.get()
    }

    private struct Cursor {
        let base: UnsafePointer<UInt8>?
        let count: Int
        var index = 0

        init(_ buffer: UnsafeRawBufferPointer) {
            base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
            count = buffer.count
        }

        subscript(offset: Int) -> UInt8 { base.unsafelyUnwrapped[offset] }

        var atEnd: Bool { index >= count }

        var shown: String { atEnd ? "end of input" : Self.show(self[index]) }

        func failure(_ detail: String, at offset: Int? = nil) -> Failure {
            Failure(offset: offset ?? index, detail: detail)
        }

        mutating func skipWhitespace() {
            while index < count {
                switch self[index] {
                case 0x20, 0x0A, 0x0D, 0x09: index += 1
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(Failure) -> JSONValue {
            guard index < count else { throw failure("unexpected end of input") }
            switch self[index] {
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < JSONParser.maximumDepth else {
                    throw failure("nested deeper than \(JSONParser.maximumDepth) levels")
                }
                return self[index] == UInt8(ascii: "{") ? try object(depth: depth + 1) : try array(depth: depth + 1)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
            case UInt8(ascii: "t"):
                try literal("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try literal("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try literal("null")
                return .null
            default:
                throw failure("expected a value, found \(shown) (strings need double quotes)")
            }
        }

        private mutating func object(depth: Int) throws(Failure) -> JSONValue {
            index += 1
            var members: [String: JSONValue] = [:]
            skipWhitespace()
            if index < count, self[index] == UInt8(ascii: "}") {
                index += 1
                return .object(members)
            }
            while true {
                skipWhitespace()
                guard index < count else { throw failure("unexpected end of input") }
                guard self[index] == UInt8(ascii: "\"") else {
                    throw failure(
                        self[index] == UInt8(ascii: "}")
                            ? "expected a key after ',' (trailing commas are not allowed)"
                            : "expected a double-quoted key, found \(shown)")
                }
                let key = try string()
                skipWhitespace()
                guard index < count, self[index] == UInt8(ascii: ":") else {
                    throw failure("expected ':' after an object key, found \(shown)")
                }
                index += 1
                skipWhitespace()
                members[key] = try value(depth: depth)
                skipWhitespace()
                guard index < count else { throw failure("unexpected end of input") }
                switch self[index] {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"):
                    index += 1
                    return .object(members)
                default: throw failure("expected ',' or '}', found \(shown)")
                }
            }
        }

        private mutating func array(depth: Int) throws(Failure) -> JSONValue {
            index += 1
            var elements: [JSONValue] = []
            skipWhitespace()
            if index < count, self[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            while true {
                skipWhitespace()
                if index < count, self[index] == UInt8(ascii: "]") {
                    throw failure("expected a value after ',' (trailing commas are not allowed)")
                }
                elements.append(try value(depth: depth))
                skipWhitespace()
                guard index < count else { throw failure("unexpected end of input") }
                switch self[index] {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"):
                    index += 1
                    return .array(elements)
                default: throw failure("expected ',' or ']', found \(shown)")
                }
            }
        }

        /// A string starting at the opening quote; the common case (no escapes) is one scan and
        /// one validating copy.
        private mutating func string() throws(Failure) -> String {
            let start = index
            index += 1
            let contentStart = index
            while index < count {
                let byte = self[index]
                if byte == UInt8(ascii: "\"") {
                    let text = try validated(contentStart..<index)
                    index += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") { return try escapedString(from: contentStart, quote: start) }
                if byte < 0x20 {
                    throw failure("a control character (\(shown)) inside a string; escape it or close the string")
                }
                index += 1
            }
            throw failure("a string that is never closed", at: start)
        }

        private mutating func escapedString(from contentStart: Int, quote: Int) throws(Failure) -> String {
            var utf8 = [UInt8](
                UnsafeBufferPointer(start: base.unsafelyUnwrapped + contentStart, count: index - contentStart))
            while index < count {
                let byte = self[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    guard let text = String(validating: utf8, as: UTF8.self) else {
                        throw failure("a string that is not valid UTF-8", at: quote)
                    }
                    return text
                case UInt8(ascii: "\\"):
                    try escape(into: &utf8)
                case 0..<0x20:
                    throw failure("a control character (\(shown)) inside a string; escape it or close the string")
                default:
                    utf8.append(byte)
                    index += 1
                }
            }
            throw failure("a string that is never closed", at: quote)
        }

        private mutating func escape(into utf8: inout [UInt8]) throws(Failure) {
            guard index + 1 < count else { throw failure("unexpected end of input") }
            let escaped = self[index + 1]
            let simple: UInt8?
            switch escaped {
            case UInt8(ascii: "\""): simple = 0x22
            case UInt8(ascii: "\\"): simple = 0x5C
            case UInt8(ascii: "/"): simple = 0x2F
            case UInt8(ascii: "b"): simple = 0x08
            case UInt8(ascii: "f"): simple = 0x0C
            case UInt8(ascii: "n"): simple = 0x0A
            case UInt8(ascii: "r"): simple = 0x0D
            case UInt8(ascii: "t"): simple = 0x09
            case UInt8(ascii: "u"): simple = nil
            default:
                throw failure("invalid escape \\\(Character(Unicode.Scalar(escaped)))")
            }
            if let simple {
                utf8.append(simple)
                index += 2
                return
            }
            let escapeStart = index
            var scalar = try hexQuad()
            if (0xD800..<0xDC00).contains(scalar) {
                guard index + 1 < count, self[index] == UInt8(ascii: "\\"), self[index + 1] == UInt8(ascii: "u") else {
                    throw failure("an unpaired surrogate \\u escape", at: escapeStart)
                }
                let low = try hexQuad()
                guard (0xDC00..<0xE000).contains(low) else {
                    throw failure("an unpaired surrogate \\u escape", at: escapeStart)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00..<0xE000).contains(scalar) {
                throw failure("an unpaired surrogate \\u escape", at: escapeStart)
            }
            utf8.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar).unsafelyUnwrapped).unsafelyUnwrapped)
        }

        /// `\uXXXX` at `index`, consumed.
        private mutating func hexQuad() throws(Failure) -> UInt32 {
            guard index + 6 <= count else { throw failure("a \\u escape needs four hex digits") }
            var value: UInt32 = 0
            for offset in 2..<6 {
                let byte = self[index + offset]
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw failure("a \\u escape needs four hex digits")
                }
                value = value << 4 | UInt32(digit)
            }
            index += 6
            return value
        }

        private func validated(_ range: Range<Int>) throws(Failure) -> String {
            let bytes = UnsafeBufferPointer(start: base.unsafelyUnwrapped + range.lowerBound, count: range.count)
            // ASCII needs no validation, and most keys and values are ASCII.
            var ascii = true
            for byte in bytes where byte >= 0x80 {
                ascii = false
                break
            }
            if ascii { return String(decoding: bytes, as: UTF8.self) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw failure("a string that is not valid UTF-8", at: range.lowerBound - 1)
            }
            return text
        }

        private mutating func number() throws(Failure) -> JSONValue {
            let start = index
            var negative = false
            if self[index] == UInt8(ascii: "-") {
                negative = true
                index += 1
            }
            guard index < count, Self.isDigit(self[index]) else { throw malformedNumber() }
            var magnitude: UInt64 = 0
            var overflow = false
            if self[index] == UInt8(ascii: "0") {
                index += 1
                if index < count, Self.isDigit(self[index]) { throw failure("a number with a leading zero") }
            } else {
                while index < count, Self.isDigit(self[index]) {
                    let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (sum, o2) = times10.addingReportingOverflow(UInt64(self[index] - UInt8(ascii: "0")))
                    overflow = overflow || o1 || o2
                    magnitude = sum
                    index += 1
                }
            }
            // A fraction of zeros only (`3.0`) keeps the exact integer, as Foundation's decoder did.
            var integral = true
            if index < count, self[index] == UInt8(ascii: ".") {
                index += 1
                guard index < count, Self.isDigit(self[index]) else { throw malformedNumber() }
                while index < count, Self.isDigit(self[index]) {
                    if self[index] != UInt8(ascii: "0") { integral = false }
                    index += 1
                }
            }
            if index < count, self[index] | 0x20 == UInt8(ascii: "e") {
                integral = false
                index += 1
                if index < count, self[index] == UInt8(ascii: "+") || self[index] == UInt8(ascii: "-") { index += 1 }
                guard index < count, Self.isDigit(self[index]) else { throw malformedNumber() }
                while index < count, Self.isDigit(self[index]) { index += 1 }
            }
            if integral, !overflow {
                if !negative, magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
                if negative, magnitude <= UInt64(Int64.max) + 1 {
                    return .int(Int64(truncatingIfNeeded: 0 &- magnitude))
                }
            }
            let text = String(
                decoding: UnsafeBufferPointer(start: base.unsafelyUnwrapped + start, count: index - start),
                as: UTF8.self)
            guard let double = Double(text), double.isFinite else {
                throw failure("the number \(text) is out of range", at: start)
            }
            // An integral value is an integer whatever its spelling (`1.0`, `1e2`), as before.
            if double == double.rounded(), abs(double) < 9.223_372_036_854_775_807e18 { return .int(Int64(double)) }
            return .double(double)
        }

        private mutating func malformedNumber() -> Failure {
            atEnd ? failure("unexpected end of input") : failure("a malformed number (\(shown))")
        }

        private mutating func literal(_ word: StaticString) throws(Failure) {
            let length = word.utf8CodeUnitCount
            let matches =
                index + length <= count
                && (0..<length).allSatisfy { self[index + $0] == word.utf8Start[$0] }
            guard matches else { throw failure("expected a value, found \(shown) (strings need double quotes)") }
            index += length
        }

        private static func isDigit(_ byte: UInt8) -> Bool {
            byte &- UInt8(ascii: "0") < 10
        }

        static func show(_ byte: UInt8) -> String {
            if (0x21..<0x7F).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
            if byte == 0x0A { return "a line break" }
            if byte == 0x09 { return "a tab" }
            if byte == 0x20 { return "a space" }
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
        }
    }
}
