/// Comment scanning shared by the lexers: SQL and Scala have line comments and nestable `/* */`
/// block comments; Python uses the line comment only.
enum CommentScanning {
    /// Marks the line comment starting at `start` and returns the index of its ending newline
    /// (or the end of the text).
    static func lineComment(_ bytes: [UInt8], from start: Int, regions: inout [LexedCode.Region]) -> Int {
        var index = start
        while index < bytes.count && bytes[index] != ByteText.newline { index += 1 }
        for position in start..<index { regions[position] = .comment }
        return index
    }

    /// Marks the block comment starting at `start` (`/*`), nested ones included, and returns the
    /// index just past its closing `*/` (or the end of an unterminated comment).
    static func blockComment(_ bytes: [UInt8], from start: Int, regions: inout [LexedCode.Region]) -> Int {
        let count = bytes.count
        var index = start
        var depth = 0
        while index < count {
            if bytes[index] == ByteText.slash && index + 1 < count && bytes[index + 1] == ByteText.star {
                depth += 1
                index += 2
            } else if bytes[index] == ByteText.star && index + 1 < count && bytes[index + 1] == ByteText.slash {
                depth -= 1
                index += 2
                if depth == 0 { break }
            } else {
                index += 1
            }
        }
        for position in start..<min(index, count) { regions[position] = .comment }
        return index
    }
}
