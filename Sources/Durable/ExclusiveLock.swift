import Foundation

/// Who holds an `ExclusiveLock`: written into the lock file by the holder, so that a refused
/// process can say whom it is waiting for.
public struct LockHolder: Sendable, Hashable, Codable, CustomStringConvertible {
    public var pid: Int32
    public var host: String
    /// When the holder took the lock, ISO-8601 UTC.
    public var startedAt: String
    /// The holder's command line.
    public var arguments: [String]

    public init(pid: Int32, host: String, startedAt: String, arguments: [String]) {
        self.pid = pid
        self.host = host
        self.startedAt = startedAt
        self.arguments = arguments
    }

    /// This process, now.
    public static func current(arguments: [String] = CommandLine.arguments) -> LockHolder {
        LockHolder(
            pid: Posix.processID(), host: Posix.hostName(),
            startedAt: UTCTimestamp.iso8601(Date()), arguments: arguments)
    }

    enum CodingKeys: String, CodingKey {
        case pid, host, startedAt
        case arguments = "argv"
    }

    /// `pid 4242 on ci-7, started 2026-05-21T10:02:11.000Z (skillhost call aidp-migrate-job …)`.
    public var description: String {
        var text = "pid \(pid) on \(host), started \(startedAt)"
        if !arguments.isEmpty {
            let command = arguments.joined(separator: " ")
            text += " (" + (command.count > 200 ? command.prefix(200) + "…" : command) + ")"
        }
        return text
    }
}

/// A lock file already locked by another open file description: another process, or another
/// `ExclusiveLock` of the same file in this one.
public struct LockHeldError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    /// What the holder wrote into the lock file; nil if it could not be read (the holder may be
    /// between taking the lock and writing its details).
    public let holder: LockHolder?

    public init(path: String, holder: LockHolder?) {
        self.path = path
        self.holder = holder
    }

    public var description: String {
        let who = holder.map { "another process (\($0))" } ?? "another process (details unknown)"
        return "\(path) is locked by \(who); wait for it to finish or stop it"
    }
}

/// An exclusive, non-blocking lock on a lock file, so that only one process at a time works on
/// what the file guards.
///
/// It is a `flock(LOCK_EX | LOCK_NB)` on the open file description, which the kernel releases
/// when the holder closes it or dies in any way, `kill -9` included: a lock is never stale, and
/// nothing needs to be cleared by hand. (POSIX `fcntl` locks are not used: a process drops them
/// when it closes *any* descriptor of the file.) The holder's pid, host, start time and command
/// line are written into the file for messages only; a second holder overwrites what a dead one
/// left. The file itself is never deleted, since deleting a flock'd file lets two processes lock
/// two different files of the same name.
///
/// Meant for local filesystems: on NFS, Linux emulates flock with byte-range locks.
public final class ExclusiveLock {
    /// The lock file.
    public let path: String
    /// What this process wrote into the lock file.
    public let holder: LockHolder
    private var file: FileDescriptor?

    private init(path: String, holder: LockHolder, file: FileDescriptor) {
        self.path = path
        self.holder = holder
        self.file = file
    }

    /// Whether this object still holds the lock (it does until `release`).
    public var isHeld: Bool { file != nil }

    /// Takes the lock on `path` (creating the file if needed), or throws `LockHeldError` naming
    /// the current holder, at once and without waiting.
    public static func acquire(at path: String, holder: LockHolder = .current()) throws
        -> ExclusiveLock
    {
        let file = try FileDescriptor.openCreatingIfMissing(path, permissions: 0o644)
        do {
            guard try file.lockExclusiveWithoutWaiting() else {
                throw LockHeldError(path: path, holder: readHolder(from: file))
            }
            try writeHolder(holder, to: file)
        } catch {
            try? file.close()
            throw error
        }
        return ExclusiveLock(path: path, holder: holder, file: file)
    }

    /// Whether someone holds the lock at `path` right now, and who, without creating the file or
    /// keeping the lock: lets a caller refuse at once instead of after long preparation.
    public static func probe(at path: String) -> (held: Bool, holder: LockHolder?) {
        guard let file = try? FileDescriptor.open(path, .readOnly) else { return (false, nil) }
        defer { try? file.close() }
        guard let acquired = try? file.lockExclusiveWithoutWaiting() else { return (false, nil) }
        if acquired {
            try? file.unlock()
            return (false, nil)
        }
        return (true, decodeHolder(try? file.readAll()))
    }

    /// The holder recorded in the lock file at `path`, whether or not anyone holds the lock now;
    /// nil when the file is missing, empty or unreadable. For status displays.
    public static func recordedHolder(at path: String) -> LockHolder? {
        guard let file = try? FileDescriptor.open(path, .readOnly) else { return nil }
        defer { try? file.close() }
        return decodeHolder(try? file.readAll())
    }

    /// Clears the holder details and releases the lock; further calls do nothing.
    public func release() throws {
        guard let file else { return }
        self.file = nil
        do {
            try file.truncate(to: 0)
            try file.unlock()
        } catch {
            try? file.close()
            throw error
        }
        try file.close()
    }

    deinit {
        // Closing the last descriptor of the open file description releases the flock.
        if let file { try? file.close() }
    }

    /// Writes the details over what was there, then cuts off any longer remainder, so the file
    /// is never empty while a holder exists (except between its creation and the first write).
    private static func writeHolder(_ holder: LockHolder, to file: FileDescriptor) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var bytes = Array(try encoder.encode(holder))
        bytes.append(UInt8(ascii: "\n"))
        try bytes.withUnsafeBytes { try file.writeAll($0, at: 0) }
        try file.truncate(to: bytes.count)
    }

    /// The holder's details from a lock we failed to take. The holder writes them just after
    /// taking the lock, so an empty or half-written file gets a few short retries.
    private static func readHolder(from file: FileDescriptor) -> LockHolder? {
        for attempt in 0..<20 {
            if let holder = decodeHolder(try? file.readAll()) { return holder }
            if attempt < 19 { Thread.sleep(forTimeInterval: 0.005) }
        }
        return nil
    }

    private static func decodeHolder(_ bytes: [UInt8]?) -> LockHolder? {
        guard let bytes, !bytes.isEmpty else { return nil }
        return try? JSONDecoder().decode(LockHolder.self, from: Data(bytes))
    }
}
