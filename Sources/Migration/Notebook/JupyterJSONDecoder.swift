import JSON

/// Decodes a `.ipynb` file's JSON, and when it is malformed says where.
enum JupyterJSONDecoder {
    /// The document, or `.malformedJupyter` with the line and column of the syntax error.
    static func decode(_ text: Substring, relativePath: String) throws(NotebookReadError) -> JSONValue {
        let bytes = Array(text.utf8)
        do {
            return try JSONParser.parse(bytes)
        } catch {
            let place = JSONSyntaxLocator.position(ofOffset: error.offset, in: bytes)
            throw NotebookReadError(
                relativePath: relativePath, line: place.line, reason: .malformedJupyter,
                message: "malformed Jupyter notebook JSON at line \(place.line), column \(place.column): "
                    + "\(error.detail); fix the JSON or re-export the notebook from Databricks with format JUPYTER")
        }
    }
}
