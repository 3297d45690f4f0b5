import Foundation

/// Byte-level helpers the rules scan code with. Code is handled as UTF-8 bytes: every character
/// the grammars care about is ASCII, and a multi-byte UTF-8 sequence never contains an ASCII byte,
/// so scanning bytes is exact and avoids `Character` segmentation on the hot path.
enum ByteText {
    static let newline = UInt8(ascii: "\n")
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let carriageReturn = UInt8(ascii: "\r")
    static let hash = UInt8(ascii: "#")
    static let dot = UInt8(ascii: ".")
    static let comma = UInt8(ascii: ",")
    static let equals = UInt8(ascii: "=")
    static let openParen = UInt8(ascii: "(")
    static let closeParen = UInt8(ascii: ")")
    static let backslash = UInt8(ascii: "\\")
    static let singleQuote = UInt8(ascii: "'")
    static let doubleQuote = UInt8(ascii: "\"")
    static let backtick = UInt8(ascii: "`")
    static let slash = UInt8(ascii: "/")
    static let percent = UInt8(ascii: "%")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let dollar = UInt8(ascii: "$")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let star = UInt8(ascii: "*")
    static let minus = UInt8(ascii: "-")
    static let at = UInt8(ascii: "@")

    static func string<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }

    static func string(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        String(decoding: bytes[range], as: UTF8.self)
    }

    /// Letters, `_` and any non-ASCII byte (Python and Scala accept Unicode identifiers).
    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F || byte >= 0x80
    }

    static func isIdentifierByte(_ byte: UInt8) -> Bool {
        isIdentifierStart(byte) || isDigit(byte)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func isBlank(_ byte: UInt8) -> Bool { byte == space || byte == tab || byte == 0x0D || byte == 0x0C }

    static func isWhitespace(_ byte: UInt8) -> Bool { isBlank(byte) || byte == newline }

    static func lowercased(_ byte: UInt8) -> UInt8 { (byte >= 0x41 && byte <= 0x5A) ? byte + 32 : byte }

    /// `bytes[at...]` starts with `prefix`.
    static func hasPrefix<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes, at index: Int, _ prefix: [UInt8])
        -> Bool where Bytes.Index == Int
    {
        guard index >= bytes.startIndex, index + prefix.count <= bytes.endIndex else { return false }
        var offset = 0
        while offset < prefix.count {
            if bytes[index + offset] != prefix[offset] { return false }
            offset += 1
        }
        return true
    }

    /// `bytes[at...]` starts with `prefix`, ASCII case-insensitively (`prefix` is lower case).
    static func hasPrefixIgnoringCase(_ bytes: [UInt8], at index: Int, _ prefix: [UInt8]) -> Bool {
        guard index >= 0, index + prefix.count <= bytes.count else { return false }
        var offset = 0
        while offset < prefix.count {
            if lowercased(bytes[index + offset]) != prefix[offset] { return false }
            offset += 1
        }
        return true
    }

    /// `bytes[range]` equals `word`, ASCII case-insensitively (`word` is lower case).
    static func equalsIgnoringCase(_ bytes: [UInt8], _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && hasPrefixIgnoringCase(bytes, at: range.lowerBound, word)
    }

    static func equals(_ bytes: [UInt8], _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        range.count == word.count && hasPrefix(bytes, at: range.lowerBound, word)
    }

    /// Whether `needle` occurs anywhere in `haystack`: the cheap gate before a rule family scans.
    static func contains<Haystack: RandomAccessCollection<UInt8>, Needle: RandomAccessCollection<UInt8>>(
        _ haystack: Haystack, _ needle: Needle
    ) -> Bool where Haystack.Index == Int, Needle.Index == Int {
        guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty }
        let found = haystack.withContiguousStorageIfAvailable { haystack in
            needle.withContiguousStorageIfAvailable { needle in find(needle, in: haystack) }
        }
        if let found, let found { return found }
        return Array(haystack).withUnsafeBufferPointer { haystack in
            Array(needle).withUnsafeBufferPointer { find($0, in: haystack) }
        }
    }

    /// `contains` on contiguous bytes. The search stops only at the needle's least common byte
    /// (found with `memchr`), not at every occurrence of its first byte: in code the first byte
    /// of a needle (`i`, `p`, `f`) is often among the commonest, while `*`, `[`, `%` or a capital
    /// letter is rare.
    private static func find(_ needle: UnsafeBufferPointer<UInt8>, in haystack: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let needleBase = needle.baseAddress, let base = haystack.baseAddress, needle.count <= haystack.count
        else { return needle.isEmpty }
        var anchor = 0
        var anchorCommonness = commonness(needle[0])
        var index = 1
        while anchorCommonness > 0 && index < needle.count {
            let value = commonness(needle[index])
            if value < anchorCommonness { (anchor, anchorCommonness) = (index, value) }
            index += 1
        }
        let anchorByte = Int32(needle[anchor])
        // Candidates put the anchor at `position`; the needle then spans `position - anchor`
        // to `position - anchor + needle.count`.
        var position = anchor
        let last = haystack.count - needle.count + anchor
        while position <= last {
            guard let found = memchr(base + position, anchorByte, last + 1 - position) else { return false }
            position += UnsafeRawPointer(base + position).distance(to: UnsafeRawPointer(found))
            if memcmp(base + position - anchor, needleBase, needle.count) == 0 { return true }
            position += 1
        }
        return false
    }

    /// A rough rank of how often a byte occurs in notebook code: lower is rarer.
    private static func commonness(_ byte: UInt8) -> Int {
        if (byte >= 0x61 && byte <= 0x7A) || byte == space { return 2 }
        if byte == dot || byte == newline || byte == 0x5F || isDigit(byte) { return 1 }
        return 0
    }

    /// Whether `needle` occurs in `text`, on UTF-8 bytes (no Foundation, no `Character` walk).
    static func contains(_ text: String, _ needle: String) -> Bool {
        var text = text
        var needle = needle
        return text.withUTF8 { haystack in
            needle.withUTF8 { pattern in contains(haystack, pattern) }
        }
    }

    /// Whether `needle` occurs in `text`, ASCII case-insensitively (`needle` is lower case).
    static func containsIgnoringCase(_ text: String, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        var text = text
        return text.withUTF8 { haystack in
            guard pattern.count <= haystack.count, let first = pattern.first else { return pattern.isEmpty }
            var index = 0
            while index + pattern.count <= haystack.count {
                if lowercased(haystack[index]) == first {
                    var offset = 1
                    while offset < pattern.count && lowercased(haystack[index + offset]) == pattern[offset] {
                        offset += 1
                    }
                    if offset == pattern.count { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// Index of the start of the line holding `index`.
    static func lineStart(_ bytes: [UInt8], _ index: Int) -> Int {
        var position = min(index, bytes.count)
        while position > 0 && bytes[position - 1] != newline { position -= 1 }
        return position
    }

    /// Index of the `\n` ending the line holding `index`, or `bytes.count`.
    static func lineEnd(_ bytes: [UInt8], _ index: Int) -> Int {
        var position = index
        while position < bytes.count && bytes[position] != newline { position += 1 }
        return position
    }

    /// The range without leading and trailing whitespace (newlines included).
    static func trimmed(_ bytes: [UInt8], _ range: Range<Int>) -> Range<Int> {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper && isWhitespace(bytes[lower]) { lower += 1 }
        while upper > lower && isWhitespace(bytes[upper - 1]) { upper -= 1 }
        return lower..<upper
    }

    /// Splits text into lines on `\n` (a trailing newline gives a final empty line). As a split on
    /// the `Character` `"\n"`: a `\n` after `\r` is part of the one grapheme `\r\n` and does not
    /// split, and no other character can hold a `\n`. Found on the bytes, since walking
    /// `Character`s costs several times the search.
    static func lines(_ text: String) -> [Substring] {
        let utf8 = text.utf8
        let breaks =
            utf8.withContiguousStorageIfAvailable(lineBreaks) ?? Array(utf8).withUnsafeBufferPointer(lineBreaks)
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = utf8.startIndex
        var startOffset = 0
        for offset in breaks {
            let end = utf8.index(start, offsetBy: offset - startOffset)
            lines.append(text[start..<end])
            start = utf8.index(after: end)
            startOffset = offset + 1
        }
        lines.append(text[start...])
        return lines
    }

    /// Offsets of the `\n` bytes not preceded by `\r`.
    private static func lineBreaks(_ bytes: UnsafeBufferPointer<UInt8>) -> [Int] {
        var breaks: [Int] = []
        NotebookTextLines.forEachNewline(in: bytes) { offset in
            if offset == 0 || bytes[offset - 1] != carriageReturn { breaks.append(offset) }
        }
        return breaks
    }

    /// Drops leading and trailing blank lines; indentation inside is kept.
    static func trimBlankLines(_ text: String) -> String {
        let lines = self.lines(text)
        guard let first = lines.firstIndex(where: { !isBlankLine($0) }),
            let last = lines.lastIndex(where: { !isBlankLine($0) })
        else { return "" }
        return lines[first...last].joined(separator: "\n")
    }

    /// Spaces and tabs only, and carriage returns unless `countingCR` is false.
    static func isBlankLine(_ line: Substring, countingCR: Bool = true) -> Bool {
        line.utf8.allSatisfy { $0 == space || $0 == tab || (countingCR && $0 == carriageReturn) }
    }
}
