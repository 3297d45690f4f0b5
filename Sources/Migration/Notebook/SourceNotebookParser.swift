/// Parses a Databricks SOURCE export (migration.md §3): the header, then chunks split on every
/// `CP COMMAND ----------` line, each chunk a cell unless it is blank.
enum SourceNotebookParser {
    /// - Parameters:
    ///   - text: the file without its byte-order mark.
    ///   - extensionLanguage: the language the file extension names; the header's comment prefix
    ///     wins when the two disagree, and with `#` only the extension tells R from Python.
    /// - Throws: `.notANotebook` (R6) when line 1 is not a `Databricks notebook source` header.
    static func parse(
        _ text: Substring, relativePath: String, workspacePath: String, extensionLanguage: NotebookLanguage
    ) throws(NotebookReadError) -> SourceNotebook {
        let lines = NotebookTextLines.split(text)
        guard let header = lines.first, let prefix = NotebookCommentPrefix(headerLine: header) else {
            throw notANotebook(text, relativePath: relativePath)
        }
        let language = NotebookCommentPrefix(language: extensionLanguage) == prefix ? extensionLanguage : family(prefix)
        let parser = SourceCellParser(prefix: prefix, defaultLanguage: language)
        var cells: [SourceCell] = []
        var emptyChunks = 0
        var chunkStart = 1
        for end in (1...lines.count) where end == lines.count || prefix.isSeparator(lines[end]) {
            if let cell = parser.parse(lines[chunkStart..<end], index: cells.count) {
                cells.append(cell)
            } else {
                emptyChunks += 1
            }
            chunkStart = end + 1
        }
        return SourceNotebook(
            relativePath: relativePath, workspacePath: workspacePath, format: .source, defaultLanguage: language,
            cells: cells, emptyChunksDropped: emptyChunks)
    }

    private static func family(_ prefix: NotebookCommentPrefix) -> NotebookLanguage {
        switch prefix {
        case .hash: return .python
        case .slashes: return .scala
        case .dashes: return .sql
        }
    }

    private static func notANotebook(_ text: Substring, relativePath: String) -> NotebookReadError {
        if text.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            let what = text.isEmpty ? "an empty file (0 bytes)" : "a blank file (only spaces and line breaks)"
            return NotebookReadError(
                relativePath: relativePath, line: 1, reason: .notANotebook,
                message: "\(what), not a notebook export. Export the notebook again from Databricks with format "
                    + "SOURCE or JUPYTER")
        }
        var message =
            "not a notebook: a workspace file or module; it cannot be a %run target "
            + "(line 1 is not `# Databricks notebook source`, or `//`/`--` for Scala/SQL). "
            + "Import it as a module, or re-export the notebook from Databricks with format SOURCE or JUPYTER"
        if text.utf8.first == UInt8(ascii: "{") {
            message += "; it starts with `{` but is not a Jupyter notebook JSON object with \"cells\""
        }
        return NotebookReadError(relativePath: relativePath, line: 1, reason: .notANotebook, message: message)
    }
}
