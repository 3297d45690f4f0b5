/// `"%" ["%"] NAME [(SP|TAB) REST]` on the first non-blank line of a text.
struct MagicToken {
    var name: String
    var restIsBlank: Bool
    /// REST (when not blank) followed by the remaining lines; for a blank REST of `%run` the
    /// remaining lines from the first non-blank one.
    var bodyWithoutToken: String

    init?(firstLineOf text: String) {
        guard text.utf8.first(where: { !ByteText.isWhitespace($0) }) == ByteText.percent else { return nil }
        let lines = ByteText.lines(text)
        guard let lineIndex = lines.firstIndex(where: { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } })
        else {
            return nil
        }
        let line = lines[lineIndex]
        guard line.hasPrefix("%") else { return nil }
        var nameStart = line.index(after: line.startIndex)
        if nameStart < line.endIndex && line[nameStart] == "%" { nameStart = line.index(after: nameStart) }
        let nameEnd = line[nameStart...].firstIndex { $0 == " " || $0 == "\t" } ?? line.endIndex
        let rawName = line[nameStart..<nameEnd]
        guard let first = rawName.unicodeScalars.first, JobNames.isASCIILetter(first) || first == "_",
            rawName.unicodeScalars.allSatisfy({ JobNames.isWordScalar($0) || $0 == "-" })
        else { return nil }
        name = String(line[line.index(after: line.startIndex)..<nameEnd])
        let rest = nameEnd < line.endIndex ? line[line.index(after: nameEnd)...] : ""
        restIsBlank = rest.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
        var following = Array(lines[(lineIndex + 1)...])
        if restIsBlank {
            if name == "run",
                let firstNonBlank = following.firstIndex(where: { !$0.allSatisfy { $0 == " " || $0 == "\t" } })
            {
                following = Array(following[firstNonBlank...])
            }
            bodyWithoutToken = following.joined(separator: "\n")
        } else {
            bodyWithoutToken = ([rest] + following).joined(separator: "\n")
        }
    }
}
