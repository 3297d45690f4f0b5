import Foundation

/// Reads one exported notebook file into the cell IR (`SourceNotebook`).
public enum NotebookReader {
    /// Parses `data`, the content of the file at `relativePath` (relative to the source folder,
    /// with its extension), choosing the reader by extension:
    /// - `.py .sql .scala .r .R`: a Databricks SOURCE export (migration.md §3), except that a `.py`
    ///   whose first character after an optional BOM is `{` and which parses as a JSON object with
    ///   `"cells"` is read as a Jupyter export (R5);
    /// - `.ipynb`: a Databricks JUPYTER export (§2.4).
    ///
    /// The workspace path is `/` + `relativePath` without its extension. A notebook with a header
    /// and nothing else is valid and has no cells. Linear in the size of `data`.
    ///
    /// - Throws: `NotebookReadError` for an unknown extension, binary (NUL bytes) or non-UTF-8
    ///   content, a SOURCE file without the `Databricks notebook source` header (R6: a module, not
    ///   a notebook), or a malformed Jupyter document; the error names the file and the line.
    public static func read(data: Data, relativePath: String) throws(NotebookReadError) -> SourceNotebook {
        let (stem, fileExtension) = split(relativePath)
        let workspacePath = "/" + stem
        let sourceLanguage = sourceLanguages[fileExtension]
        guard sourceLanguage != nil || fileExtension == "ipynb" else {
            let named =
                fileExtension.isEmpty ? "the file has no extension" : "`.\(fileExtension)` is not a notebook extension"
            throw NotebookReadError(
                relativePath: relativePath, reason: .unsupportedExtension,
                message:
                    "\(named); export notebooks from Databricks as SOURCE (.py, .sql, .scala, .r) or JUPYTER (.ipynb)")
        }
        let text = try NotebookTextDecoder.decode(data, relativePath: relativePath)
        guard let sourceLanguage else {
            let document = try JupyterJSONDecoder.decode(text, relativePath: relativePath)
            return try JupyterNotebookReader.read(
                document, text: text, relativePath: relativePath, workspacePath: workspacePath)
        }
        if fileExtension == "py", text.utf8.first == UInt8(ascii: "{"),
            let document = try? JupyterJSONDecoder.decode(text, relativePath: relativePath),
            JupyterNotebookReader.isNotebook(document)
        {
            return try JupyterNotebookReader.read(
                document, text: text, relativePath: relativePath, workspacePath: workspacePath)
        }
        return try SourceNotebookParser.parse(
            text, relativePath: relativePath, workspacePath: workspacePath, extensionLanguage: sourceLanguage)
    }

    private static let sourceLanguages: [String: NotebookLanguage] = [
        "py": .python, "sql": .sql, "scala": .scala, "r": .r, "R": .r,
    ]

    /// `a/b.c/x.py` → (`a/b.c/x`, `py`); leading slashes are dropped so the workspace path has one.
    private static func split(_ relativePath: String) -> (stem: String, fileExtension: String) {
        var path = Substring(relativePath)
        while path.hasPrefix("/") { path = path.dropFirst() }
        let name = path.lastIndex(of: "/").map { path[path.index(after: $0)...] } ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (String(path), "") }
        return (String(path[..<dot]), String(name[name.index(after: dot)...]))
    }
}
