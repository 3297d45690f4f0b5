/// One directory read in a single pass: looking names up here replaces a `stat` or `realpath`
/// per candidate path, which dominated locating thousands of notebooks.
///
/// Names are compared as bytes, as the filesystem does: `String` equality treats canonically
/// equivalent spellings (`café` composed or decomposed) as one name, which would let a lookup of
/// one answer with the kind of the other, a link for a folder.
public struct DirectoryEntries: Sendable {
    public enum Kind: Sendable, Hashable {
        case file, directory, symbolicLink, other
    }

    private let kinds: [[UInt8]: Kind]

    /// The entries of the directory at `path`, or `nil` when it cannot be listed (missing, not a
    /// directory, no permission).
    public static func read(_ path: String) -> DirectoryEntries? {
        guard let entries = Posix.directoryEntries(path) else { return nil }
        return DirectoryEntries(
            kinds: Dictionary(entries.map { ($0.name, $0.kind) }, uniquingKeysWith: { first, _ in first }))
    }

    /// Every entry of the directory at `path` but `.` and `..`, in the order the filesystem gives
    /// them, or `nil` when it cannot be listed.
    public static func list(_ path: String) -> [(name: [UInt8], kind: Kind)]? {
        Posix.directoryEntries(path)
    }

    /// The kind of the entry whose name is exactly these bytes.
    public subscript(name: [UInt8]) -> Kind? { kinds[name] }
}
