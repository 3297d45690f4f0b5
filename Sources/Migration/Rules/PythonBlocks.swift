/// Keeps Python blocks non-empty after statements were commented out: a block whose only
/// statements became comments gets a `pass` line, so `if x:` followed by a commented
/// `dbutils.widgets.text(...)` still compiles.
enum PythonBlocks {
    static func fillEmptyBlocks(_ bytes: [UInt8]) -> [UInt8] {
        let code = PythonLexer.lex(bytes)
        struct Line {
            var start: Int
            var indent: Int
            var firstByte: Int?
            /// Starts a statement (not blank, not a comment, not a continuation).
            var isStatement: Bool
            var isComment: Bool
            var endsBlockHeader: Bool
        }
        var lines: [Line] = []
        var depth = 0
        var continued = false
        var lineStart = 0
        var statementIndent = 0
        while lineStart <= bytes.count {
            let lineEnd = ByteText.lineEnd(bytes, lineStart)
            var first = lineStart
            while first < lineEnd && ByteText.isBlank(bytes[first]) { first += 1 }
            let blank = first == lineEnd
            let startsInsideString =
                first < lineEnd && code.regions[first] == .string
                && (code.literal(containing: first)?.start ?? first) < lineStart
            let isComment = !blank && code.regions[first] == .comment
            let isContinuation = depth > 0 || continued || startsInsideString
            let isStatement = !blank && !isComment && !isContinuation
            if isStatement { statementIndent = first - lineStart }
            var lastCode: Int?
            var position = lineStart
            while position < lineEnd {
                if code.regions[position] == .code {
                    switch bytes[position] {
                    case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                    case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
                    default: break
                    }
                    if !ByteText.isBlank(bytes[position]) { lastCode = position }
                } else if code.regions[position] == .string {
                    lastCode = position
                }
                position += 1
            }
            continued = lastCode.map { bytes[$0] == ByteText.backslash && code.isCode($0) } ?? false
            let header =
                depth == 0 && !continued && lastCode.map { bytes[$0] == ByteText.colon && code.isCode($0) } == true
            lines.append(
                Line(
                    start: lineStart, indent: isStatement ? first - lineStart : statementIndent,
                    firstByte: blank ? nil : first, isStatement: isStatement, isComment: isComment,
                    endsBlockHeader: header && !blank && !isComment))
            if lineEnd >= bytes.count { break }
            lineStart = lineEnd + 1
        }
        var edits: [TextEdit] = []
        for (index, line) in lines.enumerated() where line.endsBlockHeader {
            let next = lines[(index + 1)...].first { $0.isStatement }
            if let next, next.indent > line.indent { continue }
            var commentIndent: Int?
            for candidate in lines[(index + 1)...] {
                if candidate.isStatement { break }
                if candidate.isComment, let first = candidate.firstByte, first - candidate.start > line.indent {
                    commentIndent = first - candidate.start
                    break
                }
            }
            let width = commentIndent ?? line.indent + 4
            let insertAt = ByteText.lineEnd(bytes, line.firstByte ?? line.start)
            edits.append(TextEdit(insertAt..<insertAt, "\n" + String(repeating: " ", count: width) + "pass"))
        }
        return TextEdit.apply(edits, to: bytes)
    }
}
