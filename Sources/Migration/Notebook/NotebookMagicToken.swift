/// The magic at the start of a payload line: `"%" ["%"] NAME [(SP|TAB) REST]` (migration.md §3).
///
/// `NAME` runs to the first space, tab or end of line and must look like a magic name (a letter or
/// `_`, then letters, digits, `_` or `-`): that one rule makes the match the longest one and makes
/// it end at whitespace, so `%run` is never `%r`, `%md-sandbox` never `%md`, and `%sql;` no magic.
struct NotebookMagicToken: Hashable {
    /// The name without its leading `%`; an IPython cell magic keeps its second one: `%writefile`.
    var name: String
    /// What follows the single space or tab that ends the name; empty when the name ends the line.
    var rest: Substring

    init?(line: Substring) {
        let utf8 = line.utf8
        guard utf8.first == UInt8(ascii: "%") else { return nil }
        var index = utf8.index(after: utf8.startIndex)
        var nameStart = index
        if index != utf8.endIndex, utf8[index] == UInt8(ascii: "%") {
            index = utf8.index(after: index)
            nameStart = index
        }
        while index != utf8.endIndex, utf8[index] != UInt8(ascii: " "), utf8[index] != UInt8(ascii: "\t") {
            index = utf8.index(after: index)
        }
        guard Self.isName(utf8[nameStart..<index]) else { return nil }
        // The name of a cell magic keeps one `%` so `%%writefile` reads as `%writefile`.
        name = String(line[utf8.index(after: utf8.startIndex)..<index])
        rest = index == utf8.endIndex ? line[index...] : line[utf8.index(after: index)...]
    }

    private static func isName(_ bytes: Substring.UTF8View.SubSequence) -> Bool {
        guard let first = bytes.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        return bytes.allSatisfy {
            isLetter($0) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
                || $0 == UInt8(ascii: "-")
        }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }
}
