import JSON

/// Serialises a migrated notebook as nbformat 4.5 JSON.
public enum NotebookWriter {
    /// The notebook's bytes, byte-reproducible: the same notebook always gives the same bytes.
    ///
    /// Layout is nbformat's (`indent=1`, sorted keys, non-ASCII kept, a trailing `\n`), so
    /// `nbformat.read` + `nbformat.write` gives the file back unchanged. Cell ids come from
    /// `NotebookCellID`. Code cells get `outputs: []` and `execution_count: null`; markdown and raw
    /// cells get neither. Cell `metadata` holds `extraMetadata`, then `type` and, when a rule
    /// touched the cell, `aidp_migration` (these two win over an `extraMetadata` key of the same
    /// name). Notebook metadata is a Python 3 `kernelspec` and `language_info`, nothing else: no
    /// timestamps, no paths.
    ///
    /// The bytes are written directly, in exactly the layout `JSONWriter.indented` with indent 1
    /// gives the equivalent `JSONValue` document (keys in code-point order); only a cell's
    /// `extraMetadata`, when it has any, goes through `JSONWriter`.
    public static func write(_ notebook: MigratedNotebook) -> [UInt8] {
        var output: [UInt8] = []
        var capacity = 512
        for cell in notebook.cells { capacity += cell.source.utf8.count + 320 }
        output.reserveCapacity(capacity)

        JSONWriter.append("{\n \"cells\": ", to: &output)
        if notebook.cells.isEmpty {
            JSONWriter.append("[]", to: &output)
        } else {
            output.append(UInt8(ascii: "["))
            let ids = NotebookCellID.Notebook(outputRelativePath: notebook.outputRelativePath)
            for (index, cell) in notebook.cells.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                JSONWriter.append("\n  ", to: &output)
                write(cell, id: ids.id(index: index), into: &output)
            }
            JSONWriter.append("\n ]", to: &output)
        }
        JSONWriter.append(
            """
            ,
             "metadata": {
              "kernelspec": {
               "display_name": "Python 3",
               "language": "python",
               "name": "python3"
              },
              "language_info": {
               "file_extension": ".py",
               "mimetype": "text/x-python",
               "name": "python"
              }
             },
             "nbformat": 4,
             "nbformat_minor": 5
            }

            """, to: &output)
        return output
    }

    /// One cell object at depth 2 (its members at depth 3).
    private static func write(_ cell: MigratedCell, id: String, into output: inout [UInt8]) {
        JSONWriter.append("{\n   \"cell_type\": ", to: &output)
        JSONWriter.writeString(cell.kind.rawValue, into: &output)
        if cell.kind == .code { JSONWriter.append(",\n   \"execution_count\": null", to: &output) }
        JSONWriter.append(",\n   \"id\": ", to: &output)
        JSONWriter.writeString(id, into: &output)
        JSONWriter.append(",\n   \"metadata\": ", to: &output)
        if cell.extraMetadata.isEmpty {
            // Keys in code-point order: "aidp_migration" < "type".
            output.append(UInt8(ascii: "{"))
            if let migration = cell.migration {
                JSONWriter.append("\n    \"aidp_migration\": ", to: &output)
                write(migration, into: &output)
                output.append(UInt8(ascii: ","))
            }
            JSONWriter.append("\n    \"type\": ", to: &output)
            JSONWriter.writeString(cell.type.rawValue, into: &output)
            JSONWriter.append("\n   }", to: &output)
        } else {
            var metadata = cell.extraMetadata
            metadata["type"] = .string(cell.type.rawValue)
            if let migration = cell.migration { metadata["aidp_migration"] = json(migration) }
            // Written at depth 0, then shifted to depth 3: the only raw newlines are layout ones.
            for byte in JSONWriter.indented(.object(metadata), indent: 1) {
                output.append(byte)
                if byte == 0x0A { JSONWriter.append("   ", to: &output) }
            }
        }
        if cell.kind == .code { JSONWriter.append(",\n   \"outputs\": []", to: &output) }
        JSONWriter.append(",\n   \"source\": ", to: &output)
        writeSourceLines(cell.source, into: &output)
        JSONWriter.append("\n  }", to: &output)
    }

    /// `{"flags"?, "notes", "rules", "show_title"?, "status", "title"?}` at depth 4 (members at
    /// depth 5), keys in code-point order; optional keys only when they carry something.
    private static func write(_ migration: CellMigration, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "{"))
        if !migration.flags.isEmpty {
            JSONWriter.append("\n     \"flags\": ", to: &output)
            writeStrings(migration.flags, into: &output)
            output.append(UInt8(ascii: ","))
        }
        JSONWriter.append("\n     \"notes\": ", to: &output)
        writeStrings(migration.notes, into: &output)
        JSONWriter.append(",\n     \"rules\": ", to: &output)
        writeStrings(migration.rules, into: &output)
        if let showTitle = migration.showTitle {
            JSONWriter.append(",\n     \"show_title\": ", to: &output)
            JSONWriter.writeString(showTitle, into: &output)
        }
        JSONWriter.append(",\n     \"status\": ", to: &output)
        JSONWriter.writeString(migration.status.rawValue, into: &output)
        if let title = migration.title {
            JSONWriter.append(",\n     \"title\": ", to: &output)
            JSONWriter.writeString(title, into: &output)
        }
        JSONWriter.append("\n    }", to: &output)
    }

    /// An array of strings that is a member at depth 5 (items at depth 6).
    private static func writeStrings(_ items: [String], into output: inout [UInt8]) {
        guard !items.isEmpty else {
            JSONWriter.append("[]", to: &output)
            return
        }
        output.append(UInt8(ascii: "["))
        for (position, item) in items.enumerated() {
            if position > 0 { output.append(UInt8(ascii: ",")) }
            JSONWriter.append("\n      ", to: &output)
            JSONWriter.writeString(item, into: &output)
        }
        JSONWriter.append("\n     ]", to: &output)
    }

    /// The `source` array (a member at depth 3, items at depth 4): the text split after each line
    /// break as Python's `str.splitlines(keepends=True)` does (CR LF is one break), each line a
    /// JSON string.
    private static func writeSourceLines(_ source: String, into output: inout [UInt8]) {
        var source = source
        source.withUTF8 { bytes in
            let count = bytes.count
            guard count > 0 else {
                JSONWriter.append("[]", to: &output)
                return
            }
            output.append(UInt8(ascii: "["))
            var start = 0
            var index = 0
            var first = true
            func line(_ end: Int) {
                if !first { output.append(UInt8(ascii: ",")) }
                first = false
                JSONWriter.append("\n    ", to: &output)
                JSONWriter.writeString(UnsafeBufferPointer(rebasing: bytes[start..<end]), into: &output)
                start = end
            }
            while index < count {
                let byte = bytes[index]
                switch byte {
                case 0x0D:
                    index += (index + 1 < count && bytes[index + 1] == 0x0A) ? 2 : 1
                    line(index)
                case 0x0A, 0x0B, 0x0C, 0x1C, 0x1D, 0x1E:
                    index += 1
                    line(index)
                case 0xC2 where index + 1 < count && bytes[index + 1] == 0x85:
                    index += 2
                    line(index)
                case 0xE2
                where index + 2 < count && bytes[index + 1] == 0x80
                    && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                    index += 3
                    line(index)
                default:
                    index += 1
                }
            }
            if start < count { line(count) }
            JSONWriter.append("\n   ]", to: &output)
        }
    }

    /// `{"status", "rules", "notes"[, "flags"][, "title"][, "show_title"]}`: optional keys only
    /// when they carry something, so untouched fields do not churn diffs.
    private static func json(_ migration: CellMigration) -> JSONValue {
        var object: [String: JSONValue] = [
            "status": .string(migration.status.rawValue),
            "rules": .array(migration.rules.map(JSONValue.string)),
            "notes": .array(migration.notes.map(JSONValue.string)),
        ]
        if !migration.flags.isEmpty { object["flags"] = .array(migration.flags.map(JSONValue.string)) }
        if let title = migration.title { object["title"] = .string(title) }
        if let showTitle = migration.showTitle { object["show_title"] = .string(showTitle) }
        return .object(object)
    }
}
