/// Finds where JSON text first goes wrong, so an error can name a line and column.
///
/// A recogniser for RFC 8259 (no comments, no trailing commas, no NaN) that builds nothing and
/// keeps its own stack, so deep nesting cannot overflow the call stack. Callers run it when
/// decoding failed (Foundation's decoder names no position on Linux); `JSONCoding` stays the
/// parser.
public enum JSONSyntaxLocator {
    public struct Failure: Equatable, Sendable {
        /// Byte offset of the offending byte (the length of the input at end of input).
        public var offset: Int
        public var detail: String
    }

    /// A 1-based line and column; the column counts Unicode scalars.
    public struct Position: Equatable, Sendable {
        public var line: Int
        public var column: Int
    }

    /// The first syntax error in `bytes` (UTF-8; a leading BOM is skipped), or `nil` if the text
    /// is valid JSON.
    public static func firstError(in bytes: [UInt8]) -> Failure? {
        var scanner = Scanner(bytes: bytes)
        return scanner.run()
    }

    /// 1-based line and column of a byte offset; the column counts Unicode scalars.
    public static func position(ofOffset offset: Int, in bytes: [UInt8]) -> Position {
        var line = 1
        var column = 1
        for byte in bytes[..<min(offset, bytes.count)] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return Position(line: line, column: column)
    }

    /// Offset of the first byte that is not part of valid UTF-8, or `nil`.
    public static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return offset
            case .emptyInput: return nil
            }
        }
    }

    private struct Scanner {
        enum Expect {
            case value, valueOrClose, key, keyOrClose, colon, commaOrClose, end
        }

        let bytes: [UInt8]
        var index = 0
        var stack: [UInt8] = []
        var expect = Expect.value

        init(bytes: [UInt8]) {
            self.bytes = bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        }

        mutating func run() -> Failure? {
            while true {
                skipWhitespace()
                guard index < bytes.count else {
                    if expect == .end { return nil }
                    return Failure(
                        offset: index,
                        detail: stack.isEmpty && expect == .value ? "the file is empty" : "unexpected end of input")
                }
                let byte = bytes[index]
                switch expect {
                case .end:
                    return fail("unexpected \(Self.show(byte)) after the end of the document")
                case .colon:
                    guard byte == UInt8(ascii: ":") else {
                        return fail("expected ':' after an object key, found \(Self.show(byte))")
                    }
                    index += 1
                    expect = .value
                case .commaOrClose:
                    let closer = stack.last == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                    if byte == UInt8(ascii: ",") {
                        index += 1
                        expect = closer == UInt8(ascii: "}") ? .key : .value
                    } else if byte == closer {
                        close()
                    } else {
                        return fail("expected ',' or '\(Character(Unicode.Scalar(closer)))', found \(Self.show(byte))")
                    }
                case .key, .keyOrClose:
                    if byte == UInt8(ascii: "}") && expect == .keyOrClose {
                        close()
                    } else if byte == UInt8(ascii: "\"") {
                        if let failure = scanString() { return failure }
                        expect = .colon
                    } else if byte == UInt8(ascii: "}") {
                        return fail("expected a key after ',' (trailing commas are not allowed)")
                    } else {
                        return fail("expected a double-quoted key, found \(Self.show(byte))")
                    }
                case .value, .valueOrClose:
                    if byte == UInt8(ascii: "]") && expect == .valueOrClose {
                        close()
                    } else if byte == UInt8(ascii: "]") && stack.last == UInt8(ascii: "[") {
                        return fail("expected a value after ',' (trailing commas are not allowed)")
                    } else if let failure = scanValue(byte) {
                        return failure
                    }
                }
            }
        }

        private mutating func scanValue(_ byte: UInt8) -> Failure? {
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(byte)
                index += 1
                expect = .keyOrClose
                return nil
            case UInt8(ascii: "["):
                stack.append(byte)
                index += 1
                expect = .valueOrClose
                return nil
            case UInt8(ascii: "\""):
                if let failure = scanString() { return failure }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                if let failure = scanNumber() { return failure }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                if let failure = scanLiteral() { return failure }
            default:
                return fail("expected a value, found \(Self.show(byte))")
            }
            expect = stack.isEmpty ? .end : .commaOrClose
            return nil
        }

        private mutating func close() {
            stack.removeLast()
            index += 1
            expect = stack.isEmpty ? .end : .commaOrClose
        }

        private mutating func scanString() -> Failure? {
            let start = index
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return nil
                case UInt8(ascii: "\\"):
                    guard index + 1 < bytes.count else {
                        index = bytes.count
                        continue
                    }
                    let escaped = bytes[index + 1]
                    if escaped == UInt8(ascii: "u") {
                        let digits = bytes[(index + 2)..<min(index + 6, bytes.count)]
                        guard digits.count == 4, digits.allSatisfy(Self.isHexDigit) else {
                            return Failure(offset: index, detail: "a \\u escape needs four hex digits")
                        }
                        index += 6
                    } else if Array("\"\\/bfnrt".utf8).contains(escaped) {
                        index += 2
                    } else {
                        return Failure(offset: index, detail: "invalid escape \\\(Character(Unicode.Scalar(escaped)))")
                    }
                case 0..<0x20:
                    return fail(
                        "a control character (\(Self.show(byte))) inside a string; escape it or close the string")
                default:
                    index += 1
                }
            }
            return Failure(offset: start, detail: "a string that is never closed")
        }

        private mutating func scanNumber() -> Failure? {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else { return failNumber() }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
                if index < bytes.count, Self.isDigit(bytes[index]) { return fail("a number with a leading zero") }
            } else {
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                guard index < bytes.count, Self.isDigit(bytes[index]) else { return failNumber() }
                skipDigits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                guard index < bytes.count, Self.isDigit(bytes[index]) else { return failNumber() }
                skipDigits()
            }
            return nil
        }

        private mutating func failNumber() -> Failure {
            index < bytes.count
                ? fail("a malformed number (\(Self.show(bytes[index])))")
                : Failure(offset: index, detail: "unexpected end of input")
        }

        private mutating func scanLiteral() -> Failure? {
            for literal in ["true", "false", "null"] {
                let utf8 = Array(literal.utf8)
                if bytes[index...].starts(with: utf8) {
                    index += utf8.count
                    return nil
                }
            }
            return fail("expected a value, found \(Self.show(bytes[index])) (strings need double quotes)")
        }

        private mutating func skipDigits() {
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }

        private mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        private func fail(_ detail: String) -> Failure {
            Failure(offset: index, detail: detail)
        }

        private static func isDigit(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
        }

        private static func isHexDigit(_ byte: UInt8) -> Bool {
            isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
        }

        private static func show(_ byte: UInt8) -> String {
            if (0x21..<0x7F).contains(byte) { return "'\(Character(Unicode.Scalar(byte)))'" }
            if byte == 0x0A { return "a line break" }
            if byte == 0x09 { return "a tab" }
            if byte == 0x20 { return "a space" }
            let hex = String(byte, radix: 16, uppercase: true)
            return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
        }
    }
}
