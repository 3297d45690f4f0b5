import Durable

/// The id of a cell in a migrated notebook: the first 16 hex digits of SHA-256 of
/// `"<outputRelativePath>#<index>"`.
///
/// Deterministic, so re-runs are byte-identical and the report can name a cell by id without
/// reading the notebook; nbformat's own ids are random (migration.md §6). The result matches
/// nbformat's `^[a-zA-Z0-9-_]+$`, 1-64 characters; distinct indices of one notebook collide only
/// if two SHA-256 digests share their first 64 bits.
public enum NotebookCellID {
    /// - Parameter index: the cell's 0-based position in the notebook.
    public static func make(outputRelativePath: String, index: Int) -> String {
        Notebook(outputRelativePath: outputRelativePath).id(index: index)
    }

    /// The ids of one notebook's cells. The hasher is fed the shared `"<outputRelativePath>#"` once
    /// and copied for each cell, so a path longer than a SHA-256 block is compressed once per
    /// notebook instead of once per cell.
    struct Notebook {
        private let prefix: SHA256

        init(outputRelativePath: String) {
            var hasher = SHA256()
            hasher.update(outputRelativePath)
            hasher.update("#")
            prefix = hasher
        }

        /// - Parameter index: the cell's 0-based position in the notebook.
        func id(index: Int) -> String {
            var hasher = prefix
            hasher.update(String(index))
            return hasher.finalize().hex(digits: 16)
        }
    }
}
