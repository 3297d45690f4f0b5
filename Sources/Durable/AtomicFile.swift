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

    /// Either replaces every file of `files` with exactly its data, durably, or throws; much
    /// cheaper than one `write` per file. The temporary files are written in parallel, their data
    /// is flushed with one `syncfs` per filesystem (per-file fsync where there is no `syncfs`),
    /// they are renamed into place, and the renames are flushed the same way.
    ///
    /// `journal`'s deferred appends (the batch's intent records) become durable with the first
    /// flush, before any rename: by the same `syncfs` when the journal shares a filesystem with
    /// the files, else by its own fsync.
    ///
    /// A failure before the renames leaves every target as it was. A failure or crash during them
    /// can leave some targets new and others old: callers that must know which record their
    /// intent first (the migration ledger's `begin`).
    ///
    /// With `creatingDirectories`, missing parent folders are made first (like `mkdir -p`); their
    /// new entries become durable with the first flush, so they cost no fsync of their own.
    public static func writeAll(
        _ files: [(data: Data, path: String)], permissions: mode_t = 0o644, creatingDirectories: Bool = false,
        flushing journal: Journal? = nil
    ) throws {
        guard !files.isEmpty else {
            try journal?.sync()
            return
        }
        var changedFolders: [String] = []
        if creatingDirectories {
            var seen: Set<String> = []
            for (_, path) in files where seen.insert(FilePath.directory(of: path)).inserted {
                changedFolders += try Directories.create(FilePath.directory(of: path), syncingParents: false)
            }
        }
        let staged = try stage(files, permissions: permissions)
        let fileSystems: [FileDescriptor]
        do {
            fileSystems = try flush(staged, journal: journal)
            if fileSystems.isEmpty {
                for folder in Set(changedFolders).sorted() { try syncDirectory(folder) }
            }
        } catch {
            for entry in staged {
                try? entry.file.close()
                _ = Posix.unlinkFile(entry.temporary)
            }
            throw error
        }
        // Renames into different folders proceed in parallel in the kernel. A failed one leaves
        // its temporary file removed and its target as it was.
        let failures = staged.concurrentMap(minimumCount: 16) { entry -> SystemError? in
            do throws(SystemError) {
                try Posix.call("rename", path: entry.target) { Posix.renameFile(entry.temporary, entry.target) }
                return nil
            } catch {
                _ = Posix.unlinkFile(entry.temporary)
                return error
            }
        }
        // The renames are flushed through files still open on each filesystem; then every file is
        // closed, and a close error (a late write error on some filesystems) counts like a failed
        // flush. The first error is thrown.
        var firstError: (any Error)? = failures.lazy.compactMap { $0 }.first
        if firstError == nil {
            do {
                if fileSystems.isEmpty {
                    for folder in Set(staged.map { FilePath.directory(of: $0.target) }).sorted() {
                        try syncDirectory(folder)
                    }
                } else {
                    for file in fileSystems { _ = try file.syncFileSystem() }
                }
            } catch {
                firstError = error
            }
        }
        for entry in staged {
            do {
                try entry.file.close()
            } catch {
                firstError = firstError ?? error
            }
        }
        if let firstError { throw firstError }
    }

    private struct Staged: Sendable {
        var file: FileDescriptor
        var temporary: String
        var target: String
    }

    /// Creates and fills a temporary file beside every target, spread over the cores: creating
    /// files is kernel work that dominates a large batch. All or nothing.
    private static func stage(_ files: [(data: Data, path: String)], permissions: mode_t) throws -> [Staged] {
        let results = files.concurrentMap(minimumCount: 2) { data, path in
            Result { () throws(SystemError) -> Staged in
                let (file, temporary) = try createTemporaryFile(beside: path, in: FilePath.directory(of: path))
                do throws(SystemError) {
                    try file.setPermissions(permissions)
                    let failure = data.withUnsafeBytes { bytes -> SystemError? in
                        do throws(SystemError) {
                            try file.writeAll(bytes)
                            return nil
                        } catch {
                            return error
                        }
                    }
                    if let failure { throw failure }
                } catch {
                    try? file.close()
                    _ = Posix.unlinkFile(temporary)
                    throw error
                }
                return Staged(file: file, temporary: temporary, target: path)
            }
        }
        var staged: [Staged] = []
        var firstError: SystemError?
        for result in results {
            switch result {
            case .success(let entry): staged.append(entry)
            case .failure(let error): firstError = firstError ?? error
            }
        }
        if let firstError {
            for entry in staged {
                try? entry.file.close()
                _ = Posix.unlinkFile(entry.temporary)
            }
            throw firstError
        }
        return staged
    }

    /// Makes the staged data (and `journal`'s deferred appends) durable. Returns one open file per
    /// filesystem flushed with `syncfs`, for flushing the renames the same way; empty when the
    /// system has no `syncfs` and every file was synced on its own.
    private static func flush(_ staged: [Staged], journal: Journal?) throws -> [FileDescriptor] {
        var byDevice: [Int64: FileDescriptor] = [:]
        for entry in staged {
            let device = try entry.file.deviceID()
            if byDevice[device] == nil { byDevice[device] = entry.file }
        }
        let fileSystems = byDevice.sorted { $0.key < $1.key }.map(\.value)
        for file in fileSystems where try !file.syncFileSystem() {
            for entry in staged { try entry.file.sync() }
            try journal?.sync()
            return []
        }
        if let journal {
            if byDevice[try journal.deviceID()] != nil {
                journal.noteFileSystemSynced()
            } else {
                try journal.sync()
            }
        }
        return fileSystems
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
