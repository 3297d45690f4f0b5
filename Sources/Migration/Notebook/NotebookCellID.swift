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
        String(SHA256.hash("\(outputRelativePath)#\(index)").hex.prefix(16))
    }
}
