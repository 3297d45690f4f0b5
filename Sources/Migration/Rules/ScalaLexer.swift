/// A small Scala lexer: `//` and nested `/* */` comments, `"…"` and `"""…"""` strings with an
/// optional interpolator prefix (`s`, `f`, `raw`), and character literals.
enum ScalaLexer {
    static func lex(_ bytes: [UInt8]) -> LexedCode {
        let count = bytes.count
        var regions = [LexedCode.Region](repeating: .code, count: count)
        var literals: [LexedCode.Literal] = []
        var index = 0
        var identifierStart: Int?
        while index < count {
            let byte = bytes[index]
            if ByteText.isIdentifierByte(byte) {
                if identifierStart == nil { identifierStart = index }
                index += 1
                continue
            }
            defer { identifierStart = nil }
            if byte == ByteText.slash && index + 1 < count && bytes[index + 1] == ByteText.slash {
                index = CommentScanning.lineComment(bytes, from: index, regions: &regions)
                continue
            }
            if byte == ByteText.slash && index + 1 < count && bytes[index + 1] == ByteText.star {
                index = CommentScanning.blockComment(bytes, from: index, regions: &regions)
                continue
            }
            if byte == ByteText.doubleQuote {
                let prefixStart = identifierStart ?? index
                let interpolated = prefixStart < index
                let triple = index + 2 < count && bytes[index + 1] == byte && bytes[index + 2] == byte
                let contentStart = index + (triple ? 3 : 1)
                var position = contentStart
                var contentEnd = count
                var end = count
                while position < count {
                    let current = bytes[position]
                    if triple {
                        if current == byte && position + 2 < count && bytes[position + 1] == byte
                            && bytes[position + 2] == byte
                        {
                            // `""""` ends at the last three quotes.
                            var last = position
                            while last + 3 < count && bytes[last + 3] == byte { last += 1 }
                            contentEnd = last
                            end = last + 3
                            break
                        }
                    } else {
                        if current == ByteText.backslash {
                            position += 2
                            continue
                        }
                        if current == byte {
                            contentEnd = position
                            end = position + 1
                            break
                        }
                        if current == ByteText.newline {
                            contentEnd = position
                            end = position
                            break
                        }
                    }
                    position += 1
                }
                if position >= count {
                    contentEnd = count
                    end = count
                }
                for offset in prefixStart..<end { regions[offset] = .string }
                literals.append(
                    LexedCode.Literal(
                        start: prefixStart, contentStart: min(contentStart, count), contentEnd: contentEnd, end: end,
                        quote: byte, isTriple: triple, isRaw: triple, isInterpolated: interpolated, isBytes: false,
                        isBacktick: false))
                index = end
                continue
            }
            if byte == ByteText.singleQuote {
                // 'a' or '\n' is a character literal; 'sym is an old symbol literal (code).
                var close: Int?
                if index + 2 < count && bytes[index + 1] != ByteText.backslash
                    && bytes[index + 2] == ByteText.singleQuote
                {
                    close = index + 2
                } else if index + 1 < count && bytes[index + 1] == ByteText.backslash {
                    var position = index + 2
                    while position < count && position < index + 8 && bytes[position] != ByteText.singleQuote {
                        position += 1
                    }
                    if position < count && bytes[position] == ByteText.singleQuote { close = position }
                }
                if let close {
                    for offset in index...close { regions[offset] = .string }
                    index = close + 1
                    continue
                }
            }
            index += 1
        }
        return LexedCode(bytes: bytes, regions: regions, literals: literals)
    }
}
