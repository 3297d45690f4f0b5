/// One directory read in a single pass: looking names up here replaces a `stat` or `realpath`
/// per candidate path, which dominated locating thousands of notebooks.
public struct DirectoryEntries: Sendable {
    public enum Kind: Sendable, Hashable {
        case file, directory, symbolicLink, other
    }

    public let kinds: [String: Kind]

    /// The entries of the directory at `path`, or `nil` when it cannot be listed (missing, not a
    /// directory, no permission).
    public static func read(_ path: String) -> DirectoryEntries? {
        guard let entries = Posix.directoryEntries(path) else { return nil }
        return DirectoryEntries(kinds: Dictionary(entries, uniquingKeysWith: { first, _ in first }))
    }

    public subscript(name: String) -> Kind? { kinds[name] }
}
