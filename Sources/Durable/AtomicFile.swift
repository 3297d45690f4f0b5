import Foundation

/// Whole-file replacement that a crash cannot tear: readers see the old file or the new one,
/// never a mix, and after a successful return the new one survives power loss.
public enum AtomicFile {
    /// Marks temporary files in their names, so recovery code can recognise leftovers of a crash.
    public static let temporaryFileMarker = ".durable-tmp"

    /// Either replaces the file at `path` with exactly `data`, or throws and leaves the old file
    /// (or its absence) untouched.
    ///
    /// The data goes to a temporary file in the same directory, which is synced and then renamed
    /// over `path`; the directory is synced last so the rename itself is durable. If only that
    /// last sync fails, the new file is in place but the error is still thrown, because its
    /// durability is unknown.
    public static func write(_ data: Data, to path: String, permissions: mode_t = 0o644) throws {
        try data.withUnsafeBytes { bytes in
            try write(bytes, to: path, permissions: permissions)
        }
    }

    /// Writes the UTF-8 encoding of `string` with the same guarantee as `write(_:to:permissions:)`.
    public static func write(_ string: String, to path: String, permissions: mode_t = 0o644) throws {
        var string = string
        try string.withUTF8 { bytes in
            try write(UnsafeRawBufferPointer(bytes), to: path, permissions: permissions)
        }
    }

    private static func write(
        _ bytes: UnsafeRawBufferPointer, to path: String, permissions: mode_t
    ) throws {
        let directory = FilePath.directory(of: path)
        let (file, temporaryPath) = try createTemporaryFile(beside: path, in: directory)
        do {
            try file.closeAfter { file in
                // The file was created 0600 so no one can read a half-written file; only now does
                // it get the requested mode, exactly, whatever the umask.
                try file.setPermissions(permissions)
                try file.writeAll(bytes)
                try file.sync()
            }
            try Posix.call("rename", path: path) { Posix.renameFile(temporaryPath, path) }
        } catch {
            _ = Posix.unlinkFile(temporaryPath)
            throw error
        }
        try syncDirectory(directory)
    }

    /// Creates an empty 0600 file with a fresh name in `directory`, retrying on the rare collision.
    /// Either replaces every file of `files` with exactly its data, durably, or throws; cheaper
    /// than one `write` per file because the data of all temporary files is flushed with one
    /// `syncfs` (per-file fsync where there is none) and each folder is synced once.
    ///
    /// A failure before the renames leaves every target as it was. A failure or crash during them
    /// can leave some targets new and others old: callers that must know which record their
    /// intent first (the migration ledger's `begin`).
    public static func writeAll(_ files: [(data: Data, path: String)], permissions: mode_t = 0o644) throws {
        guard !files.isEmpty else { return }
        var staged: [(file: FileDescriptor, temporary: String, target: String)] = []
        func discard() {
            for entry in staged {
                try? entry.file.close()
                _ = Posix.unlinkFile(entry.temporary)
            }
        }
        do {
            for (data, path) in files {
                let (file, temporaryPath) = try createTemporaryFile(beside: path, in: FilePath.directory(of: path))
                staged.append((file, temporaryPath, path))
                try file.setPermissions(permissions)
                try data.withUnsafeBytes { try file.writeAll($0) }
            }
            if try !staged[0].file.syncFileSystem() {
                for entry in staged { try entry.file.sync() }
            }
            for entry in staged { try entry.file.close() }
        } catch {
            discard()
            throw error
        }
        var renamed = 0
        do {
            for entry in staged {
                try Posix.call("rename", path: entry.target) { Posix.renameFile(entry.temporary, entry.target) }
                renamed += 1
            }
        } catch {
            for entry in staged[renamed...] { _ = Posix.unlinkFile(entry.temporary) }
            throw error
        }
        var directories: [String] = []
        for entry in staged {
            let directory = FilePath.directory(of: entry.target)
            if !directories.contains(directory) { directories.append(directory) }
        }
        for directory in directories { try syncDirectory(directory) }
    }

    private static func createTemporaryFile(
        beside path: String, in directory: String
    ) throws(SystemError) -> (FileDescriptor, String) {
        let prefix = directory == "/" ? "/" : directory + "/"
        let stem =
            "." + FilePath.lastComponent(of: path) + temporaryFileMarker + ".\(Posix.processID())."
        var attempt = 0
        while true {
            let temporaryPath = prefix + stem + Hex.encode(SecureRandom.bytes(8))
            do throws(SystemError) {
                let file = try FileDescriptor.open(temporaryPath, .createNew(permissions: 0o600))
                return (file, temporaryPath)
            } catch {
                guard error.errno == Posix.alreadyExists, attempt < 16 else { throw error }
                attempt += 1
            }
        }
    }

    /// Makes the directory's latest entry changes (a rename, a new file) durable.
    /// Moves the file at `source` to `target` (same filesystem, `target` must not exist) and
    /// makes the move durable: both folders are synced, so after a crash the file is in exactly
    /// one of the two places.
    public static func move(_ source: String, to target: String) throws {
        try Posix.call("rename", path: source) { Posix.renameFile(source, target) }
        let from = FilePath.directory(of: source)
        let to = FilePath.directory(of: target)
        try syncDirectory(to)
        if from != to { try syncDirectory(from) }
    }

    static func syncDirectory(_ directory: String) throws(SystemError) {
        let handle = try FileDescriptor.open(directory, .directory)
        do throws(SystemError) {
            try handle.sync()
        } catch {
            try? handle.close()
            throw error
        }
        try handle.close()
    }
}
