import Durable

/// Why the ledger could not be used. Journal-level problems (torn header, corrupt line, newer
/// schema) arrive as `JournalError`; these are the ledger's own.
public enum LedgerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Another run holds the lock on this output folder (exit code 75 from the CLI).
    case locked(root: String, holder: LockHolder?)
    /// A line that verifies but does not hold a record this build can read.
    case malformedRecord(path: String, line: Int, detail: String)
    /// A record kind this build does not know; it may carry decisions, so it is not skipped.
    case unknownKind(path: String, line: Int, kind: String)
    /// Two records with the same sequence number: two writers, or a copy-paste.
    case duplicateSequence(path: String, line: Int, seq: Int)
    /// `accept` or `fix` for an item the ledger has never finished.
    case nothingRecorded(key: String)
    /// A recovered commit was asked for an item with no pending write.
    case nothingPending(key: String)

    public var description: String {
        switch self {
        case .locked(let root, let holder):
            let who = holder.map { "another skillhost (\($0))" } ?? "another skillhost"
            return "\(who) is migrating into \(root). Wait for it to finish or stop it."
        case .malformedRecord(let path, let line, let detail):
            return "\(path): line \(line) is not a valid ledger record (\(detail)); refusing to guess"
        case .unknownKind(let path, let line, let kind):
            return
                "\(path): line \(line) has a record kind this skillhost does not know (\"\(kind)\"); it was probably written by a newer skillhost: upgrade"
        case .duplicateSequence(let path, let line, let seq):
            return "\(path): line \(line) repeats sequence number \(seq); refusing to guess"
        case .nothingRecorded(let key):
            return "\(key): the ledger has no finished migration of this notebook to build on"
        case .nothingPending(let key):
            return "\(key): the ledger has no interrupted write of this notebook"
        }
    }
}
