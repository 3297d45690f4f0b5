/// Durable directory creation.
public enum Directories {
    /// Makes `path` and any missing parents (like `mkdir -p`), syncing each new directory's parent
    /// so the new entries survive a crash; succeeds without change if `path` is already a directory.
    public static func create(_ path: String) throws {
        try create(path, syncingParents: true)
    }

    /// Whether no directory can be at `path` now: nothing is there, or something else is, or a
    /// parent is not a directory. False when one is there, and when the lookup fails for another
    /// reason (no permission, a link loop), so a folder that cannot be searched is never taken
    /// for an absent one.
    public static func isKnownAbsent(_ path: String) -> Bool {
        do {
            return try !Posix.isDirectory(path)
        } catch {
            return error.errno == Posix.notADirectory
        }
    }

    /// The first symbolic link among the components of `path` below `base` (`base` itself is taken
    /// as given), or nil when there is none. A missing component ends the walk, since nothing below
    /// it exists. `realFolders` remembers the components found to be real folders, so paths that
    /// share them are looked at once; `path` must be `base` or lie below it.
    public static func firstLink(below base: String, in path: String, realFolders: inout Set<String>) throws
        -> String?
    {
        let base = FilePath.trimmingTrailingSlashes(base)
        let path = FilePath.trimmingTrailingSlashes(path)
        guard path != base else { return nil }
        let root = base == "/" ? "" : base
        precondition(path.hasPrefix(root + "/"), "\(path) is not below \(base)")
        var current = root
        for component in path.dropFirst(root.count + 1).split(separator: "/", omittingEmptySubsequences: true) {
            current += "/" + component
            if realFolders.contains(current) { continue }
            switch try Posix.entryKind(current) {
            case nil: return nil
            case .symbolicLink: return current
            case .directory: realFolders.insert(current)
            case .file, .other: return nil  // creating below it fails, and says so
            }
        }
        return nil
    }

    /// `create(_:)`, leaving the syncs to the caller when `syncingParents` is false: the parents of
    /// the directories it made must then be synced, or covered by a `syncfs`, before anything
    /// inside the new directories is relied on. `retryingVanished` is for its own second look.
    static func create(_ path: String, syncingParents: Bool, retryingVanished: Bool = true) throws {
        let path = FilePath.trimmingTrailingSlashes(path)
        guard !path.isEmpty else {
            throw SystemError(operation: "mkdir", path: path, errno: Posix.noSuchFile)
        }
        // The common case is that it already exists; a stat error here is left for mkdir to
        // report below, because mkdir names the component that is actually in the way.
        if (try? Posix.isDirectory(path)) == true { return }
        // Made from the deepest folder that exists down: a mkdir of every prefix from the root
        // costs a failed mkdir and a stat per existing level, for each new folder of a batch.
        let prefixes = prefixes(of: path)
        var firstToMake = max(prefixes.count - 1, 0)
        while firstToMake > 0, (try? Posix.isDirectory(prefixes[firstToMake - 1])) != true { firstToMake -= 1 }

        for prefix in prefixes[firstToMake...] {
            let result = Posix.makeDirectory(prefix, 0o755)
            if result == 0 {
                if syncingParents { try AtomicFile.syncDirectory(FilePath.directory(of: prefix)) }
                continue
            }
            let code = Posix.errorNumber
            if code == Posix.interrupted {
                // mkdir may or may not have happened; the next step of the loop cannot tell, so
                // start again from the top with what now exists.
                return try create(path, syncingParents: syncingParents, retryingVanished: retryingVanished)
            }
            if code == Posix.noSuchFile, retryingVanished {
                // A folder found on the way up was removed since: look again, once.
                return try create(path, syncingParents: syncingParents, retryingVanished: false)
            }
            guard code == Posix.alreadyExists else {
                throw SystemError(operation: "mkdir", path: prefix, errno: code)
            }
            // Something was there already, possibly made a moment ago by a concurrent caller;
            // it only helps if it is a directory.
            guard try Posix.isDirectory(prefix) else {
                throw SystemError(operation: "mkdir", path: prefix, errno: Posix.notADirectory)
            }
        }
    }

    /// "a", "a/b", "a/b/c" for "a/b/c"; "/a", "/a/b" for "/a/b"; empty components are skipped.
    private static func prefixes(of path: String) -> [String] {
        var prefixes: [String] = []
        var current = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            if !current.isEmpty, !current.hasSuffix("/") { current += "/" }
            current += component
            prefixes.append(current)
        }
        return prefixes
    }
}
