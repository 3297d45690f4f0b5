import JSON

/// A cell `source` as the list of lines nbformat writes: Python's `str.splitlines(keepends=True)`,
/// so every line keeps its terminator and the last one has none unless the text ends with one
/// (`"a\nb"` → `["a\n", "b"]`; `""` → `[]`).
///
/// Python splits on more than `\n` (`\r`, `\r\n`, `\v`, `\f`, `\x1c`-`\x1e`, `\x85`, U+2028, U+2029);
/// splitting the same way keeps a notebook byte-identical after `nbformat.read` + `nbformat.write`.
enum JupyterSourceLines {
    static func split(_ source: String) -> [JSONValue] {
        var lines: [JSONValue] = []
        let scalars = source.unicodeScalars
        var start = scalars.startIndex
        var index = start
        while index != scalars.endIndex {
            let scalar = scalars[index]
            var next = scalars.index(after: index)
            if isLineBreak(scalar) {
                if scalar == "\r", next != scalars.endIndex, scalars[next] == "\n" {
                    next = scalars.index(after: next)
                }
                lines.append(.string(String(scalars[start..<next])))
                start = next
            }
            index = next
        }
        if start != scalars.endIndex { lines.append(.string(String(scalars[start...]))) }
        return lines
    }

    private static func isLineBreak(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029: return true
        default: return false
        }
    }
}
