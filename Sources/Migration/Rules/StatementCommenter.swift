/// Language-aware comment-out that keeps the original text (migration.md §7 conventions): the
/// lines of a statement get the language's comment prefix at the statement's indentation.
enum StatementCommenter {
    /// The lines the statement at `range` occupies, when it stands on them alone: nothing but
    /// indentation before it, nothing but blanks, an optional `;` and a comment after it, and not
    /// inside brackets or after a `\` continuation. `nil` otherwise (the caller cannot comment it
    /// out without touching other code).
    static func ownLines(_ code: LexedCode, _ range: Range<Int>) -> Range<Int>? {
        let bytes = code.bytes
        let start = ByteText.lineStart(bytes, range.lowerBound)
        for index in start..<range.lowerBound where !ByteText.isBlank(bytes[index]) { return nil }
        if start >= 2 && bytes[start - 2] == ByteText.backslash && code.isCode(start - 2) { return nil }
        guard bracketDepth(code, upTo: start) == 0 else { return nil }
        var index = range.upperBound
        while index < bytes.count && ByteText.isBlank(bytes[index]) { index += 1 }
        if index < bytes.count && bytes[index] == ByteText.semicolon && code.isCode(index) {
            index += 1
            while index < bytes.count && ByteText.isBlank(bytes[index]) { index += 1 }
        }
        if index < bytes.count && bytes[index] != ByteText.newline && code.regions[index] != .comment { return nil }
        return start..<ByteText.lineEnd(bytes, index)
    }

    /// The lines of `range` commented out with `prefix` (`#`, `--`, `//`) after the first line's
    /// indentation.
    static func commented(_ bytes: [UInt8], _ range: Range<Int>, prefix: String) -> [UInt8] {
        var indentEnd = range.lowerBound
        while indentEnd < range.upperBound && ByteText.isBlank(bytes[indentEnd]) { indentEnd += 1 }
        let indent = Array(bytes[range.lowerBound..<indentEnd])
        let marker = Array(prefix.utf8)
        var output: [UInt8] = []
        output.reserveCapacity(range.count + 16)
        var lineStart = range.lowerBound
        while lineStart <= range.upperBound {
            let lineEnd = min(ByteText.lineEnd(bytes, lineStart), range.upperBound)
            let line = bytes[lineStart..<lineEnd]
            if line.starts(with: indent) {
                output.append(contentsOf: indent)
                output.append(contentsOf: marker)
                if line.count > indent.count {
                    output.append(ByteText.space)
                    output.append(contentsOf: line.dropFirst(indent.count))
                }
            } else {
                output.append(contentsOf: marker)
                output.append(ByteText.space)
                output.append(contentsOf: line)
            }
            if lineEnd >= range.upperBound { break }
            output.append(ByteText.newline)
            lineStart = lineEnd + 1
        }
        return output
    }

    /// Open brackets in active code before `index`.
    static func bracketDepth(_ code: LexedCode, upTo index: Int) -> Int {
        var depth = 0
        var position = 0
        while position < index {
            if code.regions[position] == .code {
                switch code.bytes[position] {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): depth += 1
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
                default: break
                }
            }
            position += 1
        }
        return depth
    }
}
