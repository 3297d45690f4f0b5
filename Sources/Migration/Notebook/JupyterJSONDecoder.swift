import Foundation
import JSON

/// Decodes a `.ipynb` file's JSON, and when it is malformed says where.
enum JupyterJSONDecoder {
    /// The document, or `.malformedJupyter` with the line and column of the syntax error.
    static func decode(_ text: Substring, relativePath: String) throws(NotebookReadError) -> JSONValue {
        let data = Data(text.utf8)
        do {
            return try JSONCoding.decode(data)
        } catch {
            throw syntaxError(in: data, relativePath: relativePath)
        }
    }

    /// `JSONDecoder` gives no position on Linux, so on this failure path the shared recogniser
    /// finds where the text first goes wrong.
    private static func syntaxError(in data: Data, relativePath: String) -> NotebookReadError {
        let bytes = [UInt8](data)
        var line: Int?
        var position = ""
        var detail = "not valid JSON"
        if let failure = JSONSyntaxLocator.firstError(in: bytes) {
            let place = JSONSyntaxLocator.position(ofOffset: failure.offset, in: bytes)
            line = place.line
            position = " at line \(place.line), column \(place.column)"
            detail = failure.detail
        }
        return NotebookReadError(
            relativePath: relativePath, line: line, reason: .malformedJupyter,
            message: "malformed Jupyter notebook JSON\(position): \(detail); "
                + "fix the JSON or re-export the notebook from Databricks with format JUPYTER")
    }
}
