/// A small Python lexer: comments, string literals (single, triple-quoted, with `r`/`b`/`f`/`u`
/// prefixes in any case and combination) and everything else as code. Enough for the rules to
/// stay out of comments and strings; not a tokenizer for anything else.
enum PythonLexer {
    static func lex(_ bytes: [UInt8]) -> LexedCode {
        let count = bytes.count
        var regions = [LexedCode.Region](repeating: .code, count: count)
        var literals: [LexedCode.Literal] = []
        // A cell with one string literal usually has several: room for eight at the first saves
        // the regrowths up to there.
        func add(_ literal: LexedCode.Literal) {
            for position in literal.start..<literal.end { regions[position] = .string }
            if literals.capacity == 0 { literals.reserveCapacity(8) }
            literals.append(literal)
        }
        var triggers: LexedCode.Triggers = []
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == ByteText.hash {
                index = CommentScanning.lineComment(bytes, from: index, regions: &regions)
                continue
            }
            if byte == ByteText.singleQuote || byte == ByteText.doubleQuote {
                let literal = string(bytes, start: index, quoteAt: index, prefix: 0..<0)
                add(literal)
                index = literal.end
                continue
            }
            if ByteText.isIdentifierStart(byte) {
                let start = index
                while index < count && ByteText.isIdentifierByte(bytes[index]) { index += 1 }
                if index < count, bytes[index] == ByteText.singleQuote || bytes[index] == ByteText.doubleQuote,
                    isStringPrefix(bytes, start..<index)
                {
                    let literal = string(bytes, start: start, quoteAt: index, prefix: start..<index)
                    add(literal)
                    index = literal.end
                } else {
                    let trigger = LexedCode.Triggers.of(bytes, start..<index)
                    if !trigger.isEmpty {
                        let isAttribute = start > 0 && bytes[start - 1] == ByteText.dot
                        triggers.formUnion(isAttribute ? trigger.intersection(.attributes) : trigger)
                    }
                }
                continue
            }
            if ByteText.isDigit(byte) {
                // Numbers such as `1e5` or `0x1f` must not read as identifiers.
                while index < count && (ByteText.isIdentifierByte(bytes[index]) || bytes[index] == ByteText.dot) {
                    index += 1
                }
                continue
            }
            index += 1
        }
        return LexedCode(bytes: bytes, regions: regions, literals: literals, triggers: triggers)
    }

    /// `r`, `b`, `f`, `u`, `t` and their two-letter combinations, any case.
    private static func isStringPrefix(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        guard range.count <= 2 else { return false }
        for position in range {
            switch ByteText.lowercased(bytes[position]) {
            case UInt8(ascii: "r"), UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "u"), UInt8(ascii: "t"): continue
            default: return false
            }
        }
        return true
    }

    private static func string(_ bytes: [UInt8], start: Int, quoteAt: Int, prefix: Range<Int>) -> LexedCode.Literal {
        let count = bytes.count
        let quote = bytes[quoteAt]
        let triple = quoteAt + 2 < count && bytes[quoteAt + 1] == quote && bytes[quoteAt + 2] == quote
        var isRaw = false
        var isFormat = false
        var isBytes = false
        for position in prefix {
            switch ByteText.lowercased(bytes[position]) {
            case UInt8(ascii: "r"): isRaw = true
            case UInt8(ascii: "f"), UInt8(ascii: "t"): isFormat = true
            case UInt8(ascii: "b"): isBytes = true
            default: break
            }
        }
        let contentStart = quoteAt + (triple ? 3 : 1)
        var index = contentStart
        var contentEnd = count
        var end = count
        while index < count {
            let byte = bytes[index]
            if byte == ByteText.backslash {
                index += 2
                continue
            }
            if byte == quote {
                if !triple {
                    contentEnd = index
                    end = index + 1
                    break
                }
                if index + 2 < count && bytes[index + 1] == quote && bytes[index + 2] == quote {
                    contentEnd = index
                    end = index + 3
                    break
                }
            } else if byte == ByteText.newline && !triple {
                // Unterminated single-line string: stop at the end of the line.
                contentEnd = index
                end = index
                break
            }
            index += 1
        }
        if index >= count {
            contentEnd = count
            end = count
        }
        return LexedCode.Literal(
            start: start, contentStart: min(contentStart, count), contentEnd: contentEnd, end: end, quote: quote,
            isTriple: triple, isRaw: isRaw, isInterpolated: isFormat, isBytes: isBytes, isBacktick: false)
    }
}
