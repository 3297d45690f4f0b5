/// The comment prefix `CP` of a Databricks SOURCE export (migration.md §2.2), which spells the
/// header, the separators, the MAGIC lines and the titles.
enum NotebookCommentPrefix: String, CaseIterable {
    case hash = "#"
    case slashes = "//"
    case dashes = "--"

    /// The prefix whose header is `line` (right-trimmed), or `nil` when `line` is no header (R6).
    init?(headerLine line: Substring) {
        let trimmed = NotebookTextLines.rightTrimmed(line)
        guard let match = Self.allCases.first(where: { trimmed == "\($0.rawValue) Databricks notebook source" })
        else { return nil }
        self = match
    }

    /// The prefix an export in `language` uses.
    init(language: NotebookLanguage) {
        switch language {
        case .python, .r: self = .hash
        case .scala: self = .slashes
        case .sql: self = .dashes
        }
    }

    // Spelled out per case: the parser tests every line against them, and literals cost
    // nothing where interpolation would build a string each time.

    /// `CP COMMAND ----------`, to compare with a right-trimmed line (R1).
    var separator: String {
        switch self {
        case .hash: "# COMMAND ----------"
        case .slashes: "// COMMAND ----------"
        case .dashes: "-- COMMAND ----------"
        }
    }
    /// `CP MAGIC `: removed exactly, one space included (§3.1 rule 1).
    var magicPrefix: String {
        switch self {
        case .hash: "# MAGIC "
        case .slashes: "// MAGIC "
        case .dashes: "-- MAGIC "
        }
    }
    /// `CP MAGIC` alone: an empty payload line.
    var bareMagic: String {
        switch self {
        case .hash: "# MAGIC"
        case .slashes: "// MAGIC"
        case .dashes: "-- MAGIC"
        }
    }
    var titlePrefix: String {
        switch self {
        case .hash: "# DBTITLE "
        case .slashes: "// DBTITLE "
        case .dashes: "-- DBTITLE "
        }
    }

    func isSeparator(_ line: Substring) -> Bool {
        NotebookTextLines.rightTrimmedEquals(line, separator)
    }

    /// The payload of a `CP MAGIC` line, or `nil` for any other line. A bare `CP MAGIC` (also with
    /// trailing blanks) is an empty payload line; the payload itself is never trimmed.
    func magicPayload(_ line: Substring) -> Substring? {
        if NotebookTextLines.hasPrefix(line, magicPrefix) { return NotebookTextLines.dropPrefix(line, magicPrefix) }
        if NotebookTextLines.rightTrimmedEquals(line, bareMagic) { return line[line.endIndex...] }
        return nil
    }

    /// The text of a comment line without its indentation, the prefix and one following space;
    /// `nil` when `line` is not a comment in this language.
    func commentText(_ line: Substring) -> Substring? {
        let content = NotebookTextLines.leftTrimmed(line)
        guard NotebookTextLines.hasPrefix(content, rawValue) else { return nil }
        let text = NotebookTextLines.dropPrefix(content, rawValue)
        return NotebookTextLines.hasPrefix(text, " ") ? NotebookTextLines.dropPrefix(text, " ") : text
    }

    /// `CP DBTITLE <digits>,<title>`: the flag digits and the title (kept verbatim, possibly empty).
    func title(_ line: Substring) -> (flag: String, title: String)? {
        guard NotebookTextLines.hasPrefix(line, titlePrefix) else { return nil }
        let rest = NotebookTextLines.dropPrefix(line, titlePrefix)
        guard let comma = rest.utf8.firstIndex(of: UInt8(ascii: ",")) else { return nil }
        let digits = rest[..<comma]
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return (String(digits), String(rest[rest.utf8.index(after: comma)...]))
    }
}
