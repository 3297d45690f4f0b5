/// Why a journal could not be opened, read or appended to. Every message names the file, and the
/// line where there is one.
public enum JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Line 1 is missing, incomplete, fails its checksum or is not a header of this format.
    case headerDamaged(path: String, reason: String)
    /// The header belongs to another kind of journal.
    case wrongFormat(path: String, found: String, expected: String)
    /// Written by a newer program: its schema is above the newest this build understands.
    case newerSchema(path: String, schema: Int, newestSupported: Int, producer: String)
    /// Written in a schema so old that this build no longer reads it.
    case olderSchema(path: String, schema: Int, oldestSupported: Int, producer: String)
    /// A complete line that does not verify is followed by lines that do: not a crash artefact.
    case corruptLine(path: String, line: Int, reason: String)
    /// The caller handed over something that cannot be a journal line; nothing was written.
    case invalidPayload(reason: String)
    /// An earlier write or fsync of this journal failed, so what is on disk is unknown; the
    /// journal takes no more records (recovery on the next open sorts it out).
    case unusable(path: String, cause: String)
    /// The journal was closed.
    case closed(path: String)
    /// `open` was given a lock that is no longer held.
    case lockNotHeld(path: String)

    public var description: String {
        switch self {
        case .headerDamaged(let path, let reason):
            return "\(path): journal header damaged (line 1: \(reason)); refusing to use it"
        case .wrongFormat(let path, let found, let expected):
            return "\(path): not a \(expected) journal (its header says \"\(found)\")"
        case .newerSchema(let path, let schema, let newest, let producer):
            return
                "\(path): written by a newer \(producer) (schema \(schema) > \(newest)): upgrade \(producer) to use it"
        case .olderSchema(let path, let schema, let oldest, let producer):
            return
                "\(path): schema \(schema) is older than this \(producer) can read (oldest \(oldest))"
        case .corruptLine(let path, let line, let reason):
            let kept = line - 1 == 1 ? "line 1" : "lines 1–\(line - 1)"
            return
                "\(path): corrupt at line \(line) (\(reason)) with valid records after it; refusing to guess. Salvage keeps \(kept) after backing up the file"
        case .invalidPayload(let reason):
            return "invalid journal record: \(reason)"
        case .unusable(let path, let cause):
            return "\(path): an earlier write failed (\(cause)); no more records are accepted in this run"
        case .closed(let path):
            return "\(path): the journal is closed"
        case .lockNotHeld(let path):
            return "\(path): opening a journal for writing needs a lock that is held"
        }
    }
}
