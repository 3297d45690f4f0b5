import JSON

/// Reads a Databricks JUPYTER export (migration.md §2.4) into the same IR the SOURCE parser
/// gives for the same content.
///
/// - Language: `metadata["application/vnd.databricks.v1+notebook"].language`, Python without it.
/// - Markdown cells are `%md` cells (magic `md`, or `md-sandbox` when the source still starts with
///   that token). Code cells whose first non-empty line is a magic go through the same magic
///   reading as SOURCE MAGIC lines, so `magic` and `body` match; relaxations never apply.
/// - `raw` cells become code cells in the default language with no magic: the rules then treat
///   their text like any default-language code, and the writer keeps it.
/// - Blank cells are dropped and counted like the SOURCE parser's empty chunks; blank lines at a
///   cell's edges are trimmed (they are not significant in either format).
/// - Title from the Databricks cell metadata `title` (when not empty), `showTitle` as "1"/"0".
enum JupyterNotebookReader {
    static let notebookMetadataKey = "application/vnd.databricks.v1+notebook"
    static let cellMetadataKey = "application/vnd.databricks.v1+cell"

    /// Whether `document` is a JSON object with a `"cells"` array: what makes a `.py` that starts
    /// with `{` a Jupyter export (R5).
    static func isNotebook(_ document: JSONValue) -> Bool {
        document["cells"]?.arrayValue != nil
    }

    static func read(
        _ document: JSONValue, text: Substring, relativePath: String, workspacePath: String
    ) throws(NotebookReadError) -> SourceNotebook {
        func malformed(_ message: String, line: Int? = nil) -> NotebookReadError {
            NotebookReadError(
                relativePath: relativePath, line: line, reason: .malformedJupyter,
                message:
                    "not a Jupyter notebook: \(message); re-export the notebook from Databricks with format JUPYTER")
        }
        guard case .object = document else {
            throw malformed("the top level is a JSON \(document.typeName), not an object")
        }
        guard let items = document["cells"]?.arrayValue else { throw malformed("no \"cells\" array") }
        if let version = document["nbformat"], version.intValue != 4 {
            throw malformed("nbformat \(JSONCoding.encodeString(version)) is not supported (only nbformat 4)")
        }
        let notebookMetadata = document["metadata"]?[notebookMetadataKey]
        let language =
            notebookMetadata?["language"]?.stringValue.flatMap { NotebookLanguage(rawValue: $0.lowercased()) }
            ?? .python
        let located = JupyterCellLocator.cellLines(in: text)
        let cellLines = located.count == items.count ? located : Array(repeating: 1, count: items.count)

        var cells: [SourceCell] = []
        var emptyCells = 0
        for (position, item) in items.enumerated() {
            let line = cellLines[position]
            guard case .object = item else {
                throw malformed("cell \(position) is a JSON \(item.typeName), not an object", line: line)
            }
            guard let cellType = item["cell_type"]?.stringValue else {
                throw malformed("cell \(position) has no \"cell_type\" string", line: line)
            }
            guard let source = sourceText(item["source"]) else {
                throw malformed("cell \(position): \"source\" must be a string or a list of strings", line: line)
            }
            let all = NotebookTextLines.split(source[...])
            let lines = all[NotebookTextLines.trimmedRange(all[...])]
            guard !lines.isEmpty else {
                emptyCells += 1
                continue
            }
            let original = NotebookTextLines.joinAdjacent(lines)
            var cell = SourceCell(
                index: cells.count, kind: .code, language: language, magic: nil, body: original, original: original,
                originLine: line)
            switch cellType {
            case "markdown":
                let magic = NotebookMagicCell(payload: lines)
                cell.kind = .markdown
                cell.language = nil
                if let magic, magic.kind == .markdown {
                    cell.magic = magic.magic
                    cell.body = magic.body
                } else {
                    cell.magic = "md"
                }
            case "code":
                if let magic = NotebookMagicCell(payload: lines) {
                    cell.kind = magic.kind
                    cell.language = magic.language
                    cell.magic = magic.magic
                    cell.body = magic.body
                }
            case "raw":
                break
            default:
                throw malformed("cell \(position) has an unknown cell_type \"\(cellType)\"", line: line)
            }
            let databricks = item["metadata"]?[cellMetadataKey]
            cell.databricksMetadata = databricks
            if let title = databricks?["title"]?.stringValue, !title.isEmpty {
                cell.title = title
                cell.titleFlag = databricks?["showTitle"]?.boolValue.map { $0 ? "1" : "0" }
            }
            cells.append(cell)
        }
        return SourceNotebook(
            relativePath: relativePath, workspacePath: workspacePath, format: .jupyter, defaultLanguage: language,
            cells: cells, emptyChunksDropped: emptyCells, databricksMetadata: notebookMetadata)
    }

    /// nbformat allows a string or a list of strings that concatenate to it.
    private static func sourceText(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let text): return text
        case .array(let parts):
            var text = ""
            for part in parts {
                guard case .string(let piece) = part else { return nil }
                text += piece
            }
            return text
        default: return nil
        }
    }
}
