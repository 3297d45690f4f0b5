/// SQL tokens of active code (comments skipped), enough for the catalog, widget and platform
/// rules: words, back-quoted identifiers, strings, numbers and single-byte punctuation.
struct SQLToken {
    enum Kind {
        case word, quotedIdentifier, string, number, punctuation
    }

    var kind: Kind
    var range: Range<Int>

    var isName: Bool { kind == .word || kind == .quotedIdentifier }

    static func tokens(_ code: LexedCode) -> [SQLToken] {
        let bytes = code.bytes
        var tokens: [SQLToken] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch code.regions[index] {
            case .comment:
                index += 1
                continue
            case .string:
                if let literal = code.literal(startingAt: index) {
                    tokens.append(
                        SQLToken(kind: literal.isBacktick ? .quotedIdentifier : .string, range: literal.range))
                    index = literal.end
                } else {
                    index += 1
                }
                continue
            case .code:
                break
            }
            if ByteText.isWhitespace(byte) {
                index += 1
            } else if ByteText.isIdentifierStart(byte) {
                let start = index
                while index < bytes.count && ByteText.isIdentifierByte(bytes[index]) && code.regions[index] == .code {
                    index += 1
                }
                tokens.append(SQLToken(kind: .word, range: start..<index))
            } else if ByteText.isDigit(byte) {
                let start = index
                while index < bytes.count && (ByteText.isIdentifierByte(bytes[index]) || bytes[index] == ByteText.dot) {
                    index += 1
                }
                tokens.append(SQLToken(kind: .number, range: start..<index))
            } else {
                tokens.append(SQLToken(kind: .punctuation, range: index..<(index + 1)))
                index += 1
            }
        }
        return tokens
    }
}

extension Array where Element == SQLToken {
    func isWord(_ index: Int, _ word: [UInt8], in bytes: [UInt8]) -> Bool {
        index >= 0 && index < count && self[index].kind == .word
            && ByteText.equalsIgnoringCase(bytes, self[index].range, word)
    }

    func isPunctuation(_ index: Int, _ byte: UInt8, in bytes: [UInt8]) -> Bool {
        index >= 0 && index < count && self[index].kind == .punctuation && bytes[self[index].range.lowerBound] == byte
    }

    /// The token starts a statement: first, or right after `;`.
    func startsStatement(_ index: Int, in bytes: [UInt8]) -> Bool {
        index == 0 || isPunctuation(index - 1, ByteText.semicolon, in: bytes)
    }

    /// Token indices of the dotted name starting at `index` (`a.b.c`); empty when no name starts
    /// there.
    func nameChain(at index: Int, in bytes: [UInt8]) -> SQLNameChain {
        guard index < count, self[index].isName else { return SQLNameChain(start: index, count: 0) }
        var parts = 1
        var next = index + 1
        while next + 1 < count, isPunctuation(next, ByteText.dot, in: bytes), self[next + 1].isName {
            parts += 1
            next += 2
        }
        return SQLNameChain(start: index, count: parts)
    }
}

/// The token indices of a dotted name: every other token from `start` (names between dots), so
/// the scan over every name token allocates nothing.
struct SQLNameChain: RandomAccessCollection {
    let start: Int
    let count: Int

    var startIndex: Int { 0 }
    var endIndex: Int { count }
    subscript(position: Int) -> Int { start + 2 * position }
}

/// A token's text without back-quotes, lower-cased: the name SQL compares.
func sqlName(_ token: SQLToken, _ bytes: [UInt8]) -> String {
    let range =
        token.kind == .quotedIdentifier && token.range.count >= 2
        ? (token.range.lowerBound + 1)..<(token.range.upperBound - 1) : token.range
    return ByteText.string(bytes, range).lowercased()
}
