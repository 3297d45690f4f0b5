import Durable
import Foundation

/// Where a job's ledger and its companions live (ledger design §1). Everything is inside the
/// job's output folder, so the ledger travels with the outputs.
public struct LedgerPaths: Sendable, Hashable {
    /// The folder's name inside the job folder.
    public static let folderName = ".skillhost"

    /// The job's output folder, `<outputBase>/<job>`.
    public let root: String

    public init(root: String) {
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.root = root
    }

    /// `<root>/.skillhost`.
    public var folder: String { root + "/" + Self.folderName }
    /// The append-only ledger: never deleted by skillhost.
    public var ledger: String { folder + "/ledger.jsonl" }
    /// The flock target, holding the holder's details.
    public var lock: String { folder + "/lock" }
    /// Files moved aside instead of being overwritten or deleted.
    public var quarantine: String { folder + "/quarantine" }
    /// Bytes cut from a torn ledger tail, kept for forensics.
    public var torn: String { folder + "/torn" }

    /// Where a file at `relativePath` (relative to `root`) goes when moved aside at `date`:
    /// `.skillhost/quarantine/<UTC time>/<relativePath>`, relative to `root`.
    public func quarantineRelativePath(for relativePath: String, at date: Date) -> String {
        Self.folderName + "/quarantine/" + UTCTimestamp.compact(date) + "/" + relativePath
    }
}
