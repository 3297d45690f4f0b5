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
    public static func writeAll<Bytes: ContiguousBytes & Sendable>(
        _ files: [(data: Bytes, path: String)], permissions: mode_t = 0o644, creatingDirectories: Bool = false,
        flushing journal: Journal? = nil
    ) throws {
        guard !files.isEmpty else {
            try journal?.sync()
            return
        }
        let hasSyncFS = Posix.hasSyncFileSystem
        let directories = files.map { FilePath.directory(of: $0.path) }
        var folders: [String] = []
        var seen: Set<String> = []
        for directory in directories where seen.insert(directory).inserted { folders.append(directory) }
        if creatingDirectories {
            for folder in folders { try Directories.create(folder, syncingParents: !hasSyncFS) }
        }
        // Opened before any data is written: a `syncfs` reports the writeback errors that happened
        // on its filesystem since its descriptor was opened.
        let anchors = hasSyncFS ? try fileSystemAnchors(folders) : []
        defer {
            for anchor in anchors { try? anchor.close() }
        }
        let staged = try stage(files, in: directories, permissions: permissions, syncingEach: !hasSyncFS)
        do {
            for anchor in anchors { try anchor.syncFileSystem() }
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
        let landed = zip(staged, failures).compactMap { entry, failure in failure == nil ? entry : nil }
        let published = landed.map(\.target)
        var cause: (any Error)? = failures.lazy.compactMap { $0 }.first
        var durable = true
        do {
            if hasSyncFS {
                for anchor in anchors { try anchor.syncFileSystem() }
            } else {
                for folder in Set(landed.map(\.directory)).sorted() { try syncDirectory(folder) }
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
        var directory: String
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
    private static func stage<Bytes: ContiguousBytes & Sendable>(
        _ files: [(data: Bytes, path: String)], in directories: [String], permissions: mode_t, syncingEach: Bool
    ) throws -> [Staged] {
        let results = files.indices.concurrentMap(minimumCount: 2) { index in
            Result { () throws -> Staged in
                let (data, path) = files[index]
                let temporary = try data.withUnsafeBytes {
                    try writeTemporaryFile(
                        $0, beside: path, in: directories[index], permissions: permissions, syncing: syncingEach)
                }
                return Staged(temporary: temporary, target: path, directory: directories[index])
            }
        }
        var staged: [Staged] = []
        var firstError: (any Error)?
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
