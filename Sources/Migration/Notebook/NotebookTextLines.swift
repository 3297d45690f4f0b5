import Foundation

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
        let utf8 = text.utf8
        // Offsets first, found on the contiguous bytes: stepping `Substring` indices one byte at
        // a time costs more than the search.
        let ranges =
            utf8.withContiguousStorageIfAvailable(lineRanges) ?? Array(utf8).withUnsafeBufferPointer(lineRanges)
        var lines: [Substring] = []
        lines.reserveCapacity(ranges.count)
        for range in ranges {
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            lines.append(text[start..<utf8.index(start, offsetBy: range.count)])
        }
        return lines
    }

    /// The byte ranges `split` cuts `bytes` into.
    private static func lineRanges(_ bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        forEachNewline(in: bytes) { newline in
            let end = newline > start && bytes[newline - 1] == UInt8(ascii: "\r") ? newline - 1 : newline
            ranges.append(start..<end)
            start = newline + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges
    }

    /// Calls `body` with the offset of every `\n` in `bytes`, in order, found with `memchr`: the
    /// line splitters share it, each building only its own result.
    static func forEachNewline(in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        guard let base = bytes.baseAddress else { return }
        var start = 0
        while start < bytes.count, let found = memchr(base + start, Int32(UInt8(ascii: "\n")), bytes.count - start) {
            let offset = start + UnsafeRawPointer(base + start).distance(to: UnsafeRawPointer(found))
            body(offset)
            start = offset + 1
        }
    }

    /// Empty, or spaces, tabs, carriage returns, vertical tabs and form feeds only.
    static func isBlank(_ line: Substring) -> Bool {
        line.utf8.allSatisfy {
            $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") || $0 == 0x0B || $0 == 0x0C || $0 == 0x0D
        }
    }

    /// Every line of every cell is tested against several prefixes: compared as contiguous bytes,
    /// not by stepping two `UTF8View` iterators.
    static func hasPrefix(_ line: Substring, _ prefix: String) -> Bool {
        let count = prefix.utf8.count
        guard line.utf8.count >= count else { return false }
        return line.utf8.withContiguousStorageIfAvailable { lineBytes in
            var prefix = prefix
            return prefix.withUTF8 { prefixBytes in
                count == 0 || memcmp(lineBytes.baseAddress!, prefixBytes.baseAddress!, count) == 0
            }
        } ?? line.utf8.starts(with: prefix.utf8)
    }

    /// Whether `line` without trailing spaces, tabs and carriage returns is `text`, byte for byte.
    /// `text` must be ASCII without `K`, `;` or `` ` ``: for such a text, bytes agree with
    /// `String`'s canonical equality, which costs far more and which the parser would pay on
    /// every line. Those three are the ASCII characters another one decomposes to alone (KELVIN
    /// SIGN, GREEK QUESTION MARK, GREEK VARIA), where the two comparisons part.
    static func rightTrimmedEquals(_ line: Substring, _ text: String) -> Bool {
        assert(
            text.utf8.allSatisfy { $0 < 0x80 && !"K;`".utf8.contains($0) },
            "rightTrimmedEquals compares bytes: \(text) has a character canonical equality treats otherwise")
        return hasPrefix(line, text) && dropPrefix(line, text).utf8.allSatisfy(isTrailingBlank)
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
            guard isTrailingBlank(utf8[previous]) else { break }
            end = previous
        }
        return line[..<end]
    }

    /// What `rightTrimmed` removes: a space, a tab or a carriage return.
    private static func isTrailingBlank(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
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

    /// Lines that `split` cut from one text, taken in a row, joined by `\n`. When every cut was a
    /// bare `\n` (no `\r` dropped before it), that is the span of text they cover, copied whole.
    static func joinAdjacent(_ lines: ArraySlice<Substring>) -> String {
        guard let first = lines.first, let last = lines.last else { return "" }
        let span = first.base[first.startIndex..<last.endIndex]
        let joinedCount = lines.reduce(lines.count - 1) { $0 + $1.utf8.count }
        return span.utf8.count == joinedCount ? String(span) : join(lines)
    }

    /// Lines joined by `\n`, in one allocation.
    static func join(_ lines: some Collection<Substring>) -> String {
        var result = ""
        result.reserveCapacity(lines.reduce(lines.count) { $0 + $1.utf8.count })
        var first = true
        for line in lines {
            if !first { result += "\n" }
            result += line
            first = false
        }
        return result
    }
}
