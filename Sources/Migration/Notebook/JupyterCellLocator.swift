/// Finds the line each cell of a `.ipynb` starts on, which the JSON parser does not report, so that
/// `SourceCell.originLine` points into the file for Jupyter exports too.
enum JupyterCellLocator {
    /// 1-based line of the `{` of every element of the top-level `"cells"` array, in order. A
    /// single pass over bytes that already decoded as JSON: it tracks strings, escapes and depth.
    static func cellLines(in text: Substring) -> [Int] {
        var lines: [Int] = []
        var line = 1
        var depth = 0
        var inString = false
        var escaped = false
        var awaitingKey = false
        var key: [UInt8] = []
        var capturingKey = false
        var cellsValueNext = false
        var inCells = false
        for byte in text.utf8 {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                    capturingKey = false
                    continue
                }
                if capturingKey { key.append(byte) }
                continue
            }
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1 && awaitingKey {
                    capturingKey = true
                    awaitingKey = false
                    key.removeAll(keepingCapacity: true)
                }
            case UInt8(ascii: ":") where depth == 1:
                cellsValueNext = key == Array("cells".utf8)
            case UInt8(ascii: ",") where depth == 1:
                awaitingKey = true
                cellsValueNext = false
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if inCells && depth == 2 && byte == UInt8(ascii: "{") { lines.append(line) }
                if depth == 1 && cellsValueNext && byte == UInt8(ascii: "[") { inCells = true }
                depth += 1
                if depth == 1 { awaitingKey = true }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 1 { inCells = false }
            default:
                break
            }
        }
        return lines
    }
}
