#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The C library calls Durable makes, named once so that no other file imports the C library or
/// branches on the platform.
///
/// Each function returns the raw C result; `Posix.call` turns -1 into a `SystemError` and retries
/// on `EINTR`.
enum Posix {
    typealias Mode = mode_t

    static let readOnly = O_RDONLY | O_CLOEXEC
    static let readOnlyNonBlocking = O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC
    static let directoryReadOnly = O_RDONLY | O_DIRECTORY | O_CLOEXEC
    static let createNewWriteOnly = O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC

    static let interrupted = EINTR
    static let alreadyExists = EEXIST
    static let notADirectory = ENOTDIR
    static let noSuchFile = ENOENT
    /// What `open` reports for a socket or a device with nothing behind it, on Linux or macOS.
    static let notOpenableAsFile = [ENXIO, ENODEV, EOPNOTSUPP]
    static let functionNotImplemented = ENOSYS
    static let inputOutputError = EIO

    static var errorNumber: Int32 { errno }

    static func message(for errorNumber: Int32) -> String {
        guard let text = strerror(errorNumber) else { return "error \(errorNumber)" }
        return String(cString: text)
    }

    /// Runs a system call until it stops failing with `EINTR`, and throws its `errno` if it fails.
    @discardableResult
    static func call<Result: BinaryInteger>(
        _ operation: String, path: String?, _ body: () -> Result
    ) throws(SystemError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw SystemError(operation: operation, path: path, errno: code)
        }
    }

    static func openFile(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
        open(path, flags, mode)
    }

    static func closeFile(_ descriptor: Int32) -> Int32 {
        close(descriptor)
    }

    static func readBytes(_ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer) -> Int {
        read(descriptor, buffer.baseAddress, buffer.count)
    }

    static func writeBytes(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer) -> Int {
        write(descriptor, buffer.baseAddress, buffer.count)
    }

    /// Flushes a file to stable storage.
    static func syncFile(_ descriptor: Int32) -> Int32 {
        #if canImport(Darwin)
            // Darwin's fsync only reaches the drive's cache; F_FULLFSYNC asks the drive to flush it.
            // Some filesystems refuse F_FULLFSYNC, and then fsync is the best there is.
            if fcntl(descriptor, F_FULLFSYNC) != -1 { return 0 }
        #endif
        return fsync(descriptor)
    }

    /// Flushes every dirty file of the filesystem holding `descriptor` with one call (Linux
    /// `syncfs`), or returns nil where there is no such call; callers then sync file by file.
    /// Looked up at run time because the Glibc module does not export it.
    static func syncFileSystem(_ descriptor: Int32) -> Int32? {
        #if os(Linux)
            typealias SyncFS = @convention(c) (Int32) -> Int32
            guard let symbol = SyncFSSymbol.address else { return nil }
            return unsafeBitCast(symbol, to: SyncFS.self)(descriptor)
        #else
            return nil
        #endif
    }

    /// Whether `syncFileSystem` can do anything here.
    static var hasSyncFileSystem: Bool {
        #if os(Linux)
            SyncFSSymbol.address != nil
        #else
            false
        #endif
    }

    /// Whether `bytes` holds `byte`: `memchr`, which scans a word at a time.
    static func contains(_ byte: UInt8, in bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        return memchr(base, Int32(byte), bytes.count) != nil
    }

    static func changeMode(_ descriptor: Int32, _ mode: mode_t) -> Int32 {
        fchmod(descriptor, mode)
    }

    static func renameFile(_ source: String, _ target: String) -> Int32 {
        rename(source, target)
    }

    static func unlinkFile(_ path: String) -> Int32 {
        unlink(path)
    }

    static func makeDirectory(_ path: String, _ mode: mode_t) -> Int32 {
        mkdir(path, mode)
    }

    static func processID() -> Int32 {
        getpid()
    }

    /// Whether `path` names a directory (following symbolic links); false when it names nothing.
    static func isDirectory(_ path: String) throws(SystemError) -> Bool {
        var status = stat()
        while stat(path, &status) == -1 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT { return false }
            throw SystemError(operation: "stat", path: path, errno: code)
        }
        return kind(ofMode: status.st_mode) == .directory
    }

    /// What `path` itself is, a link not followed; nil when nothing is there, or when a component
    /// on the way is not a directory (so nothing can be there either).
    static func entryKind(_ path: String) throws(SystemError) -> DirectoryEntries.Kind? {
        var status = stat()
        while lstat(path, &status) == -1 {
            let code = errno
            if code == EINTR { continue }
            if code == ENOENT || code == ENOTDIR { return nil }
            throw SystemError(operation: "lstat", path: path, errno: code)
        }
        return kind(ofMode: status.st_mode)
    }

    /// The names and kinds in the directory at `path` (without `.` and `..`); `nil` when it cannot
    /// be listed. A kind the filesystem does not report is looked up with `lstat`.
    static func directoryEntries(_ path: String) -> [(name: [UInt8], kind: DirectoryEntries.Kind)]? {
        guard let stream = opendir(path) else { return nil }
        defer { closedir(stream) }
        var entries: [(name: [UInt8], kind: DirectoryEntries.Kind)] = []
        while let entry = readdir(stream) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                Array(raw.prefix { $0 != 0 })
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            let kind: DirectoryEntries.Kind
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK): kind = .symbolicLink
            case Int32(DT_UNKNOWN):
                var status = stat()
                let fullPath = Array(path.utf8) + [0x2F] + name + [0]
                let found = fullPath.withUnsafeBufferPointer { bytes in
                    bytes.withMemoryRebound(to: CChar.self) { lstat($0.baseAddress!, &status) == 0 }
                }
                guard found else { continue }
                kind = Self.kind(ofMode: status.st_mode)
            default: kind = .other
            }
            entries.append((name, kind))
        }
        return entries
    }

    /// Fills `buffer` from the kernel's random pool via getentropy, which is getrandom(2) underneath
    /// on Linux; returns -1 with `errno` set on failure.
    static func fillRandom(_ buffer: UnsafeMutableRawBufferPointer) -> Int32 {
        // getentropy refuses requests over 256 bytes, so larger buffers go in slices.
        var offset = 0
        while offset < buffer.count {
            let length = min(256, buffer.count - offset)
            if getentropy(buffer.baseAddress! + offset, length) == -1 { return -1 }
            offset += length
        }
        return 0
    }
}

// Calls for the journal, the exclusive lock and whole-file reads: appending, truncating,
// positional I/O, flock and fstat.
extension Posix {
    /// An existing file, read and appended to through one descriptor.
    static let readWriteAppend = O_RDWR | O_APPEND | O_CLOEXEC
    /// A file to lock: opened for reading and writing, created when missing.
    static let readWriteCreate = O_RDWR | O_CREAT | O_CLOEXEC

    static let wouldBlock = EWOULDBLOCK

    static func truncateFile(_ descriptor: Int32, _ length: Int) -> Int32 {
        ftruncate(descriptor, off_t(length))
    }

    static func readBytes(
        _ descriptor: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int
    ) -> Int {
        pread(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
    }

    static func writeBytes(_ descriptor: Int32, _ buffer: UnsafeRawBufferPointer, at offset: Int)
        -> Int
    {
        pwrite(descriptor, buffer.baseAddress, buffer.count, off_t(offset))
    }

    /// The device holding the open file, or -1 with `errno` set.
    static func deviceID(_ descriptor: Int32) -> Int64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return -1 }
        return Int64(truncatingIfNeeded: status.st_dev)
    }

    /// The open file's kind and its size in bytes, from one `fstat`, into `result`; -1 with
    /// `errno` set when it fails, as `fstat` returns.
    static func fileKindAndSize(_ descriptor: Int32, into result: inout (kind: DirectoryEntries.Kind, size: Int))
        -> Int32
    {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return -1 }
        result = (kind(ofMode: status.st_mode), Int(status.st_size))
        return 0
    }

    /// The kind of file a `stat` mode describes.
    static func kind(ofMode mode: mode_t) -> DirectoryEntries.Kind {
        switch mode & S_IFMT {
        case S_IFREG: .file
        case S_IFDIR: .directory
        case S_IFLNK: .symbolicLink
        default: .other
        }
    }

    /// `flock(LOCK_EX | LOCK_NB)`: takes the lock of the open file description or fails at once
    /// with `EWOULDBLOCK`.
    static func lockExclusiveWithoutWaiting(_ descriptor: Int32) -> Int32 {
        flock(descriptor, LOCK_EX | LOCK_NB)
    }

    static func unlock(_ descriptor: Int32) -> Int32 {
        flock(descriptor, LOCK_UN)
    }

    static func linkFile(_ source: String, _ target: String) -> Int32 {
        link(source, target)
    }

    /// This machine's host name, or "unknown-host" if the system will not say.
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "unknown-host" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

#if os(Linux)
    /// `syncfs`, looked up once: the Glibc module does not export it.
    private enum SyncFSSymbol {
        nonisolated(unsafe) static let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs")
    }
#endif
