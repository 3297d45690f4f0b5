import Foundation

/// An append-only file of checksummed records, one per line, that survives `kill -9` and power
/// loss at any instant (ledger design §2.1, §3.2, §3.5).
///
/// Line 1 is a header naming the format and its schema version; every later line is a record
/// handed to `append` (an opaque JSON object) with a checksum member added at its end; see
/// `JournalLine`. On open, a torn tail (bytes after the last valid line) is archived and cut off
/// before anything is appended, and a damaged line with valid lines after it is refused.
///
/// Open one journal per file per process, under an `ExclusiveLock`, and keep it open for the
/// whole run: the descriptor is opened once, so a writeback error cannot be lost between a close
/// and a reopen.
public final class Journal {
    /// When an append counts as done.
    public enum Durability: Sendable, Hashable {
        /// Each `append` call ends with an fsync: its records survive power loss once it returns.
        case synced
        /// No fsync: records survive a killed process (they are in the page cache) but not a power
        /// loss. For tests and for runs the user declared disposable.
        case unsynced
    }

    public let path: String
    public let format: JournalFormat
    public let durability: Durability
    /// What the file held when it was opened, after a torn tail was cut off.
    public let contents: JournalContents
    /// Whether `open` created the file.
    public let created: Bool
    /// Whether the file held exactly the bytes of the `knownContents` given to `open`, so that
    /// `contents` is that value and anything derived from it still holds.
    public let matchesKnownContents: Bool
    /// How many records were appended since the journal was opened.
    public private(set) var appendedCount = 0
    /// How many fsyncs of the journal file were issued since it was opened.
    public private(set) var syncCount = 0

    private var file: FileDescriptor?
    /// Set after a failed write or fsync: what is on disk is then unknown, and an fsync must never
    /// be retried (a failed writeback may be reported only once).
    private var failure: String?

    private init(
        path: String, format: JournalFormat, durability: Durability, contents: JournalContents,
        created: Bool, matchesKnownContents: Bool, file: FileDescriptor
    ) {
        self.path = path
        self.format = format
        self.durability = durability
        self.contents = contents
        self.created = created
        self.matchesKnownContents = matchesKnownContents
        self.file = file
    }

    deinit {
        if let file { try? file.close() }
    }

    /// Opens the journal at `path` for appending, creating it with a header if it does not exist.
    ///
    /// - A new journal's header (format, schema and `headerFields`) is written to a temporary
    ///   file, synced and linked into place, and the directory is synced, so a torn header cannot
    ///   exist. The directory must exist.
    /// - An existing journal is read and checked: its header must verify and carry this format's
    ///   name and a schema it reads; a complete line that does not verify but is followed by one
    ///   that does is refused (`JournalError.corruptLine`).
    /// - A torn tail is copied into `tornTailArchive` (a folder, created if needed) when one is
    ///   given, then cut off and the cut synced, before this returns.
    ///
    /// `lock` must be held; it is what makes the truncation and the appends safe.
    ///
    /// `knownContents` is what an earlier `read` of the same file with the same format gave: when
    /// it had no torn tail and the file still holds exactly those bytes, they are not checked
    /// again and `contents` is that value (`matchesKnownContents`).
    public static func open(
        at path: String, format: JournalFormat, headerFields: [String: String] = [:],
        durability: Durability = .synced, tornTailArchive: String? = nil, lock: ExclusiveLock,
        knownContents: JournalContents? = nil
    ) throws -> Journal {
        guard lock.isHeld else { throw JournalError.lockNotHeld(path: path) }
        let file: FileDescriptor
        var created = false
        if let existing = try openForAppendingIfExists(path) {
            file = existing
        } else {
            let header = try JournalLine.encode(JournalScan.headerPayload(format: format, fields: headerFields))
            created = try publishNew(header, at: path)
            file = try FileDescriptor.openForAppending(path)
        }
        do {
            let bytes = try file.readAll()
            if let knownContents, knownContents.tornTail == nil, format.reads(knownContents.header),
                knownContents.bytes == bytes
            {
                return Journal(
                    path: path, format: format, durability: durability, contents: knownContents,
                    created: created, matchesKnownContents: true, file: file)
            }
            let scan = try JournalScan(bytes, path: path, format: format)
            var tornTail: JournalTornTail?
            if scan.validLength < bytes.count {
                tornTail = try cutTornTail(of: file, bytes: bytes, scan: scan, archive: tornTailArchive)
            }
            let contents = JournalContents(
                header: scan.header, records: scan.records, tornTail: tornTail, bytes: nil)
            return Journal(
                path: path, format: format, durability: durability, contents: contents,
                created: created, matchesKnownContents: false, file: file)
        } catch {
            try? file.close()
            throw error
        }
    }

    /// Copies the bytes after the valid prefix into `archive` (when given), then truncates the
    /// file to the valid prefix and syncs it, so the next append starts on a line boundary.
    private static func cutTornTail(
        of file: FileDescriptor, bytes: [UInt8], scan: JournalScan, archive: String?
    ) throws -> JournalTornTail {
        let tail = bytes[scan.validLength...]
        var archivedTo: String?
        if let archive {
            let archivePath = archive + "/" + UTCTimestamp.compact(Date()) + "-line\(scan.nextLine).bin"
            try Directories.create(archive)
            try AtomicFile.write(Data(tail), to: archivePath)
            archivedTo = archivePath
        }
        try file.truncate(to: scan.validLength)
        try file.sync()
        return JournalTornTail(
            path: file.path, line: scan.nextLine, offset: scan.validLength, byteCount: tail.count,
            archivedTo: archivedTo)
    }

    /// Reads and checks the journal at `path` without changing it (no lock needed): a torn tail
    /// is reported in `tornTail` but left on disk.
    public static func read(at path: String, format: JournalFormat) throws -> JournalContents {
        let bytes = try FileDescriptor.open(path, .readOnly).closeAfter { try $0.readAll() }
        let scan = try JournalScan(bytes, path: path, format: format)
        let tornTail =
            scan.validLength < bytes.count
            ? JournalTornTail(
                path: path, line: scan.nextLine, offset: scan.validLength,
                byteCount: bytes.count - scan.validLength, archivedTo: nil)
            : nil
        return JournalContents(header: scan.header, records: scan.records, tornTail: tornTail, bytes: bytes)
    }

    /// Appends one record; see `append(contentsOf:)`.
    public func append(_ payload: Data, deferSync: Bool = false) throws {
        try append(contentsOf: [payload], deferSync: deferSync)
    }

    /// Appends `payloads` as consecutive lines in a single `write`, then (when `.synced`) one
    /// fsync: a group commit. When it returns, every record is on disk; when it throws, none of
    /// them may be relied on, and the journal takes no further records.
    ///
    /// With `deferSync` the fsync is left to a later `sync()` or synced append (`AtomicFile.writeAll`
    /// syncs the journal it flushes): for records whose loss in a crash recovery can make good (a
    /// commit whose file landed), or that the caller syncs before relying on them.
    ///
    /// Each payload must be one compact JSON object with at least one member and no line break;
    /// an invalid payload is refused before anything is written.
    public func append(contentsOf payloads: some Sequence<Data>, deferSync: Bool = false) throws {
        guard let file else { throw JournalError.closed(path: path) }
        if let failure { throw JournalError.unusable(path: path, cause: failure) }
        // Checksumming is the costly part of a big group, and each line's is independent.
        let lines = Array(payloads).concurrentMap(minimumCount: 32) { payload in
            Result { () throws(JournalError) in try JournalLine.encode(Array(payload)) }
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.reduce(0) { $0 + ((try? $1.get().count) ?? 0) })
        for line in lines { bytes.append(contentsOf: try line.get()) }
        let count = lines.count
        guard count > 0 else { return }
        do {
            try bytes.withUnsafeBytes { try file.writeAll($0) }
            if durability == .synced {
                if deferSync {
                    hasUnsyncedAppends = true
                } else {
                    try syncNow(file)
                }
            }
        } catch {
            failure = "\(error)"
            throw error
        }
        appendedCount += count
    }

    /// Whether records appended with `deferSync` still wait for an fsync.
    public private(set) var hasUnsyncedAppends = false

    /// Makes every record appended so far durable; one fsync, or none when nothing waits.
    public func sync() throws {
        guard hasUnsyncedAppends else { return }
        guard let file else { throw JournalError.closed(path: path) }
        if let failure { throw JournalError.unusable(path: path, cause: failure) }
        do {
            try syncNow(file)
        } catch {
            failure = "\(error)"
            throw error
        }
    }

    private func syncNow(_ file: FileDescriptor) throws(SystemError) {
        syncCount += 1
        try file.sync()
        hasUnsyncedAppends = false
    }

    /// Closes the file. A close error can be a delayed write error, so it is thrown. Appends made
    /// with `deferSync` and not synced since are not synced here: they may be lost in a crash.
    public func close() throws {
        guard let file else { return }
        self.file = nil
        try file.close()
    }

    /// Keeps the part of the journal at `path` before its first line that does not verify, after
    /// copying the whole file to `<path>.bak-<UTC time>` (RocksDB's point-in-time recovery, for
    /// an explicit `salvage` command). The header must verify. Changes nothing, and returns a nil
    /// `backupPath`, when every line verifies.
    public static func salvage(at path: String, format: JournalFormat, lock: ExclusiveLock)
        throws -> JournalSalvage
    {
        guard lock.isHeld else { throw JournalError.lockNotHeld(path: path) }
        let file = try FileDescriptor.openForAppending(path)
        return try file.closeAfter { file in
            let bytes = try file.readAll()
            let scan = try JournalScan(bytes, path: path, format: format, mode: .salvage)
            guard scan.validLength < bytes.count else {
                return JournalSalvage(
                    keptLines: scan.nextLine - 1, discardedBytes: 0, backupPath: nil)
            }
            let backupPath = path + ".bak-" + UTCTimestamp.compact(Date())
            try AtomicFile.write(Data(bytes), to: backupPath)
            try file.truncate(to: scan.validLength)
            try file.sync()
            return JournalSalvage(
                keptLines: scan.nextLine - 1, discardedBytes: bytes.count - scan.validLength,
                backupPath: backupPath)
        }
    }

    /// The journal file opened for appending, or nil when there is none.
    private static func openForAppendingIfExists(_ path: String) throws(SystemError)
        -> FileDescriptor?
    {
        do {
            return try FileDescriptor.openForAppending(path)
        } catch {
            if error.errno == Posix.noSuchFile { return nil }
            throw error
        }
    }

    /// Creates `path` holding exactly `bytes` without ever exposing a partial file and without
    /// replacing anything already there: temporary file, fsync, `link`, directory fsync. Returns
    /// false if something appeared at `path` first (then that is what gets opened).
    private static func publishNew(_ bytes: [UInt8], at path: String) throws -> Bool {
        let directory = FilePath.directory(of: path)
        let temporaryPath = try bytes.withUnsafeBytes {
            try AtomicFile.writeTemporaryFile($0, beside: path, in: directory, permissions: 0o644, syncing: true)
        }
        defer { _ = Posix.unlinkFile(temporaryPath) }
        if Posix.linkFile(temporaryPath, path) == -1 {
            let code = Posix.errorNumber
            guard code == Posix.alreadyExists else {
                throw SystemError(operation: "link", path: path, errno: code)
            }
            return false
        }
        try AtomicFile.syncDirectory(directory)
        return true
    }
}

/// What `Journal.salvage` kept and where the original went.
public struct JournalSalvage: Sendable, Hashable {
    /// Lines kept, the header included.
    public let keptLines: Int
    public let discardedBytes: Int
    /// The copy of the whole file taken before it was cut; nil when nothing was cut.
    public let backupPath: String?
}
