/// A small SQL lexer: `--` and (nested) `/* */` comments, `'`/`"` strings with backslash and
/// doubled-quote escapes, and back-quoted identifiers, which are recorded as literals with
/// `isBacktick` so path rules can read `` delta.`/mnt/x` ``.
enum SQLLexer {
    static func lex(_ bytes: [UInt8]) -> LexedCode {
        let count = bytes.count
        var regions = [LexedCode.Region](repeating: .code, count: count)
        var literals: [LexedCode.Literal] = []
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == ByteText.minus && index + 1 < count && bytes[index + 1] == ByteText.minus {
                index = CommentScanning.lineComment(bytes, from: index, regions: &regions)
                continue
            }
            if byte == ByteText.slash && index + 1 < count && bytes[index + 1] == ByteText.star {
                index = CommentScanning.blockComment(bytes, from: index, regions: &regions)
                continue
            }
            if byte == ByteText.singleQuote || byte == ByteText.doubleQuote || byte == ByteText.backtick {
                let start = index
                let quote = byte
                index += 1
                var contentEnd = count
                var end = count
                while index < count {
                    let current = bytes[index]
                    if current == ByteText.backslash && quote != ByteText.backtick {
                        index += 2
                        continue
                    }
                    if current == quote {
                        if index + 1 < count && bytes[index + 1] == quote {
                            index += 2
                            continue
                        }
                        contentEnd = index
                        end = index + 1
                        break
                    }
                    index += 1
                }
                if index >= count {
                    contentEnd = count
                    end = count
                }
                for position in start..<end { regions[position] = .string }
                literals.append(
                    LexedCode.Literal(
                        start: start, contentStart: min(start + 1, count), contentEnd: contentEnd, end: end,
                        quote: quote,
                        isTriple: false, isRaw: false, isInterpolated: false, isBytes: false,
                        isBacktick: quote == ByteText.backtick))
                index = end
                continue
            }
            index += 1
        }
        return LexedCode(bytes: bytes, regions: regions, literals: literals)
    }
}
