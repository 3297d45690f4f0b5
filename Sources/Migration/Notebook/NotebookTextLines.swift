/// Lines of notebook text and the byte-level tests the parsers make on them.
///
/// Everything works on UTF-8 bytes, not `Character`s: `\r\n` is one grapheme, and a prefix such as
/// `# MAGIC ` followed by a combining mark would not match character by character. Every function
/// is linear in the length of its input, so a 5 MB cell costs one pass.
enum NotebookTextLines {
    /// Splits on `\n` and drops one `\r` before each `\n` (migration.md §3.1 rule 1: CRLF → LF). A
    /// final `\n` ends the last line rather than starting an empty one, so `"a\nb\n"` and `"a\nb"`
    /// both give `["a", "b"]`.
    static func split(_ text: Substring) -> [Substring] {
        var lines: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            if utf8[index] == UInt8(ascii: "\n") {
                var end = index
                if end != start, utf8[utf8.index(before: end)] == UInt8(ascii: "\r") {
                    end = utf8.index(before: end)
                }
                lines.append(text[start..<end])
                start = utf8.index(after: index)
            }
            index = utf8.index(after: index)
        }
        if start != utf8.endIndex { lines.append(text[start...]) }
        return lines
    }

    /// Empty, or spaces and tabs only.
    static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == 0x0B || $0 == 0x0C || $0 == 0x0D
        }
    }

    static func hasPrefix(_ line: Substring, _ prefix: String) -> Bool {
        line.utf8.starts(with: prefix.utf8)
    }

    /// `line` without `prefix`; the caller has checked `hasPrefix`.
    static func dropPrefix(_ line: Substring, _ prefix: String) -> Substring {
        line[line.utf8.index(line.startIndex, offsetBy: prefix.utf8.count)...]
    }

    /// `line` without trailing spaces, tabs and carriage returns.
    static func rightTrimmed(_ line: Substring) -> Substring {
        var end = line.endIndex
        let utf8 = line.utf8
        while end != line.startIndex {
            let previous = utf8.index(before: end)
            let byte = utf8[previous]
            guard byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") else { break }
            end = previous
        }
        return line[..<end]
    }

    /// `line` without leading spaces and tabs.
    static func leftTrimmed(_ line: Substring) -> Substring {
        let utf8 = line.utf8
        var start = line.startIndex
        while start != line.endIndex, utf8[start] == UInt8(ascii: " ") || utf8[start] == UInt8(ascii: "\t") {
            start = utf8.index(after: start)
        }
        return line[start...]
    }

    /// The indices of `lines` left after dropping blank lines at both ends; empty when every line
    /// is blank.
    static func trimmedRange(_ lines: ArraySlice<Substring>) -> Range<Int> {
        guard let first = lines.firstIndex(where: { !isBlank($0) }),
            let last = lines.lastIndex(where: { !isBlank($0) })
        else { return lines.startIndex..<lines.startIndex }
        return first..<(last + 1)
    }

    /// Lines joined by `\n`, in one allocation pass.
    static func join(_ lines: some Sequence<Substring>) -> String {
        var result = ""
        var first = true
        for line in lines {
            if !first { result += "\n" }
            result += line
            first = false
        }
        return result
    }
}
