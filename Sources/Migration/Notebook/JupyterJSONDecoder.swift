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

    /// `JSONDecoder` gives no position on Linux; `JSONSerialization` does ("around character N",
    /// a 0-based byte offset), so it is asked again only on this failure path.
    private static func syntaxError(in data: Data, relativePath: String) -> NotebookReadError {
        var detail = "not valid JSON"
        var offset: Int?
        do {
            _ = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
        } catch {
            if let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String {
                detail = description
                offset = byteOffset(in: description)
            }
        }
        var line: Int?
        var position = ""
        if let offset, offset <= data.count {
            let (lineNumber, column) = lineAndColumn(ofByte: offset, in: data)
            line = lineNumber
            position = " at line \(lineNumber), column \(column)"
        } else if detail.contains("end of file") {
            position = " at the end of the file"
        }
        return NotebookReadError(
            relativePath: relativePath, line: line, reason: .malformedJupyter,
            message: "malformed Jupyter notebook JSON\(position): \(detail); "
                + "fix the JSON or re-export the notebook from Databricks with format JUPYTER")
    }

    private static func byteOffset(in description: String) -> Int? {
        guard let range = description.range(of: "character ") else { return nil }
        return Int(description[range.upperBound...].prefix { $0.isNumber })
    }

    /// 1-based line and character column of the byte at `offset`.
    private static func lineAndColumn(ofByte offset: Int, in data: Data) -> (Int, Int) {
        let before = data.prefix(offset)
        let lineStart = before.lastIndex(of: 0x0A).map { $0 + 1 } ?? before.startIndex
        let line = NotebookTextDecoder.line(atByteOffset: offset, in: data)
        return (line, String(decoding: data[lineStart..<before.endIndex], as: UTF8.self).count + 1)
    }
}
