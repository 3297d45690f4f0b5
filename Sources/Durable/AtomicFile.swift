import Foundation
import Synchronization

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
        let temporaryPath = try writeTemporaryFile(
            bytes, beside: path, in: directory, permissions: permissions, syncing: true)
        do {
            try Posix.call("rename", path: path) { Posix.renameFile(temporaryPath, path) }
        } catch {
            _ = Posix.unlinkFile(temporaryPath)
            throw error
        }
        try syncDirectory(directory)
    }

    /// A new temporary file beside `path` holding exactly `bytes`, closed (and fsynced when
    /// `syncing`); its path. On failure nothing is left behind.
    static func writeTemporaryFile(
        _ bytes: UnsafeRawBufferPointer, beside path: String, in directory: String, permissions: mode_t,
        syncing: Bool
    ) throws -> String {
        let (file, temporaryPath) = try createTemporaryFile(beside: path, in: directory)
        do {
            try file.closeAfter { file in
                // The file was created 0600 so no one can read a half-written file; only now does
                // it get the requested mode, exactly, whatever the umask.
                try file.setPermissions(permissions)
                try file.writeAll(bytes)
                if syncing { try file.sync() }
            }
        } catch {
            _ = Posix.unlinkFile(temporaryPath)
            throw error
        }
        return temporaryPath
    }

    /// Creates an empty 0600 file with a fresh name in `directory`, retrying on the rare collision.
    private static func createTemporaryFile(
        beside path: String, in directory: String
    ) throws(SystemError) -> (FileDescriptor, String) {
        let prefix = directory == "/" ? "/" : directory + "/"
        let stem = "." + FilePath.lastComponent(of: path) + temporaryFileMarker + TemporaryNames.processPart
        var attempt = 0
        while true {
            let temporaryPath = prefix + stem + TemporaryNames.next()
            do throws(SystemError) {
                let file = try FileDescriptor.open(temporaryPath, .createNew(permissions: 0o600))
                return (file, temporaryPath)
            } catch {
                guard error.errno == Posix.alreadyExists, attempt < 16 else { throw error }
                attempt += 1
            }
        }
    }

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

    /// Makes the directory's latest entry changes (a rename, a new file) durable.
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

/// `<pid>.<16 lowercase hex digits>` after the marker, as recovery expects: 8 random digits drawn
/// once per process, then a counter, so names are unique without a `getrandom` per file; the pid
/// and the random part keep them apart from a crashed run's leftovers, and `O_EXCL` catches the rest.
private enum TemporaryNames {
    static let processPart = ".\(Posix.processID())." + Hex.encode(SecureRandom.bytes(4))
    static let counter = Atomic<UInt32>(0)

    static func next() -> String {
        let value = counter.add(1, ordering: .relaxed).newValue
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
