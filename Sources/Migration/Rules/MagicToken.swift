/// The magic token on the first non-blank line of a text, read by the parser's own
/// `NotebookMagicToken`, with the body the rules see once the token is gone.
struct MagicToken {
    var name: String
    var restIsBlank: Bool
    /// REST (when not blank) followed by the remaining lines; for a blank REST of `%run` the
    /// remaining lines from the first non-blank one.
    var bodyWithoutToken: String

    init?(firstLineOf text: String) {
        guard text.utf8.first(where: { !ByteText.isWhitespace($0) }) == ByteText.percent else { return nil }
        let lines = ByteText.lines(text)
        guard let lineIndex = lines.firstIndex(where: { !ByteText.isBlankLine($0) }),
            let token = NotebookMagicToken(line: lines[lineIndex])
        else { return nil }
        name = token.name
        restIsBlank = ByteText.isBlankLine(token.rest)
        var following = lines[(lineIndex + 1)...]
        if restIsBlank {
            if name == "run",
                let firstNonBlank = following.firstIndex(where: { !ByteText.isBlankLine($0, countingCR: false) })
            {
                following = following[firstNonBlank...]
            }
            bodyWithoutToken = following.joined(separator: "\n")
        } else {
            bodyWithoutToken = ([token.rest] + following).joined(separator: "\n")
        }
    }
}
