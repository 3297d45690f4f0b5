import Foundation

extension AtomicFile {
    /// A batch that failed after some of its files were published.
    public struct BatchError: Error, CustomStringConvertible {
        /// Targets that now hold their new bytes.
        public var published: [String]
        /// Whether those renames were flushed: if not, a crash may still undo them.
        public var publishedDurably: Bool
        public var cause: any Error

        public var description: String { "\(cause)" }
    }

    /// Replaces every file of `files` with exactly its data, durably; much cheaper than one
    /// `write` per file. The temporary files are written and closed in parallel; one `syncfs` per
    /// filesystem flushes their data (each file is fsynced where there is no `syncfs`); then
    /// `journal` is synced, so its deferred appends (the batch's intent records) are durable before
    /// any rename; the files are renamed into place, and the renames are flushed the same way.
    ///
    /// With `creatingDirectories`, missing parent folders are made first (like `mkdir -p`); where
    /// there is `syncfs` their entries are flushed with the data, else each is synced when made.
    ///
    /// A failure before the renames throws that error and leaves every target as it was (folders
    /// it created stay). A failure during or after them throws a `BatchError` naming the targets
    /// that were published and whether that is durable; a crash can leave some targets new and
    /// others old, so callers that must know which record their intent first (the ledger's
    /// `begin`).
    public static func writeAll(
        _ files: [(data: Data, path: String)], permissions: mode_t = 0o644, creatingDirectories: Bool = false,
        flushing journal: Journal? = nil
    ) throws {
        guard !files.isEmpty else {
            try journal?.sync()
            return
        }
        let hasSyncFS = Posix.hasSyncFileSystem
        var folders: [String] = []
        var seen: Set<String> = []
        for (_, path) in files where seen.insert(FilePath.directory(of: path)).inserted {
            folders.append(FilePath.directory(of: path))
        }
        if creatingDirectories {
            for folder in folders { try Directories.create(folder, syncingParents: !hasSyncFS) }
        }
        // Opened before any data is written: a `syncfs` reports the writeback errors that happened
        // on its filesystem since its descriptor was opened.
        let anchors = hasSyncFS ? try fileSystemAnchors(folders) : []
        defer {
            for anchor in anchors { try? anchor.close() }
        }
        let staged = try stage(files, permissions: permissions, syncingEach: !hasSyncFS)
        do {
            for anchor in anchors { _ = try anchor.syncFileSystem() }
            try journal?.sync()
        } catch {
            for entry in staged { _ = Posix.unlinkFile(entry.temporary) }
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
        let published = zip(staged, failures).compactMap { entry, failure in failure == nil ? entry.target : nil }
        var cause: (any Error)? = failures.lazy.compactMap { $0 }.first
        var durable = true
        do {
            if hasSyncFS {
                for anchor in anchors { _ = try anchor.syncFileSystem() }
            } else {
                for folder in Set(published.map(FilePath.directory(of:))).sorted() { try syncDirectory(folder) }
            }
        } catch {
            durable = false
            cause = cause ?? error
        }
        if let cause { throw BatchError(published: published, publishedDurably: durable, cause: cause) }
    }

    private struct Staged: Sendable {
        var temporary: String
        var target: String
    }

    /// One open folder per filesystem among `folders`.
    private static func fileSystemAnchors(_ folders: [String]) throws -> [FileDescriptor] {
        var anchors: [FileDescriptor] = []
        var devices: Set<Int64> = []
        do {
            for folder in folders {
                let handle = try FileDescriptor.open(folder, .directory)
                let device: Int64
                do {
                    device = try handle.deviceID()
                } catch {
                    try? handle.close()
                    throw error
                }
                if devices.insert(device).inserted { anchors.append(handle) } else { try handle.close() }
            }
        } catch {
            for anchor in anchors { try? anchor.close() }
            throw error
        }
        return anchors
    }

    /// Creates, fills and closes a temporary file beside every target, spread over the cores:
    /// creating files is kernel work that dominates a large batch. Closing each at once keeps a
    /// batch within any descriptor limit. All or nothing.
    private static func stage(
        _ files: [(data: Data, path: String)], permissions: mode_t, syncingEach: Bool
    ) throws -> [Staged] {
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
                    if syncingEach { try file.sync() }
                } catch {
                    try? file.close()
                    _ = Posix.unlinkFile(temporary)
                    throw error
                }
                do throws(SystemError) {
                    try file.close()
                } catch {
                    _ = Posix.unlinkFile(temporary)
                    throw error
                }
                return Staged(temporary: temporary, target: path)
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
            for entry in staged { _ = Posix.unlinkFile(entry.temporary) }
            throw firstError
        }
        return staged
    }
}
