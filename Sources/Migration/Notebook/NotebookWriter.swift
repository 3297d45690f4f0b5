import Foundation
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
    public static func write(_ notebook: MigratedNotebook) -> Data {
        let cells = notebook.cells.enumerated().map { index, cell in
            json(cell, id: NotebookCellID.make(outputRelativePath: notebook.outputRelativePath, index: index))
        }
        let document: JSONValue = [
            "cells": .array(cells),
            "metadata": [
                "kernelspec": ["name": "python3", "display_name": "Python 3", "language": "python"],
                "language_info": ["name": "python", "file_extension": ".py", "mimetype": "text/x-python"],
            ],
            "nbformat": 4,
            "nbformat_minor": 5,
        ]
        var data = JSONWriter.indented(document, indent: 1)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    private static func json(_ cell: MigratedCell, id: String) -> JSONValue {
        var metadata = cell.extraMetadata
        metadata["type"] = .string(cell.type.rawValue)
        if let migration = cell.migration { metadata["aidp_migration"] = json(migration) }
        var object: [String: JSONValue] = [
            "cell_type": .string(cell.kind.rawValue),
            "id": .string(id),
            "metadata": .object(metadata),
            "source": .array(JupyterSourceLines.split(cell.source)),
        ]
        if cell.kind == .code {
            object["outputs"] = []
            object["execution_count"] = .null
        }
        return .object(object)
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
