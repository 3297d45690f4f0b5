/// Places in UTF-8 text (JSON, SKILL.md, notebooks) as a line and column people can go to: a byte
/// offset's position, and the first byte that is not valid UTF-8.
public enum JSONSyntaxLocator {
    /// A 1-based line and column; the column counts Unicode scalars.
    public struct Position: Equatable, Sendable {
        public var line: Int
        public var column: Int
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

    /// Where to report `failure`, the parser's complaint about `bytes`, and whether that place is
    /// a byte that is not UTF-8: bad encoding anywhere is named first, even where the parser
    /// stopped earlier at what looks like a syntax error, because it is the fix to make first.
    public static func place(of failure: JSONParser.Failure, in bytes: [UInt8]) -> (
        position: Position, isNotUTF8: Bool
    ) {
        if let offset = firstInvalidUTF8(in: bytes) { return (position(ofOffset: offset, in: bytes), true) }
        return (position(ofOffset: failure.offset, in: bytes), false)
    }

    /// Offset of the first byte that is not part of valid UTF-8, or `nil`.
    public static func firstInvalidUTF8(in bytes: [UInt8]) -> Int? {
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
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
}
