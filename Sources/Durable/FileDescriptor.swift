/// An open file descriptor; the raw number never leaves this module.
///
/// Every call retries on `EINTR` and reports failure as a `SystemError` that names the path the
/// descriptor was opened with.
struct FileDescriptor {
    enum Access {
        case readOnly
        /// Reads without waiting for a writer where the path names a FIFO, and never makes a
        /// terminal found there the controlling one; regular files ignore both.
        case readOnlyNonBlocking
        case directory
        /// Creates the file, failing if anything already exists at the path.
        case createNew(permissions: Posix.Mode)
    }

    private let rawValue: Int32
    /// The path given to `open`, kept so errors can say which file they were about.
    let path: String

    /// Opens `path`, or throws the error `open` reported.
    static func open(_ path: String, _ access: Access) throws(SystemError) -> FileDescriptor {
        let flags: Int32
        let mode: Posix.Mode
        switch access {
        case .readOnly: (flags, mode) = (Posix.readOnly, 0)
        case .readOnlyNonBlocking: (flags, mode) = (Posix.readOnlyNonBlocking, 0)
        case .directory: (flags, mode) = (Posix.directoryReadOnly, 0)
        case .createNew(let permissions): (flags, mode) = (Posix.createNewWriteOnly, permissions)
        }
        let raw = try Posix.call("open", path: path) { Posix.openFile(path, flags, mode) }
        return FileDescriptor(rawValue: raw, path: path)
    }

    /// Closes the descriptor; an error here can be a delayed write error, so callers that wrote
    /// must not ignore it.
    func close() throws(SystemError) {
        // Not retried on EINTR: Linux has released the descriptor by then, and a retry could close
        // a descriptor another thread has just been given.
        if Posix.closeFile(rawValue) == -1 {
            throw SystemError(operation: "close", path: path, errno: Posix.errorNumber)
        }
    }

    /// Runs `body`, then closes the descriptor even if `body` threw; `body`'s error wins over a
    /// close error.
    func closeAfter<Result>(_ body: (FileDescriptor) throws -> Result) throws -> Result {
        let result: Result
        do {
            result = try body(self)
        } catch {
            try? close()
            throw error
        }
        try close()
        return result
    }

    /// Reads up to `buffer.count` bytes and returns how many arrived; 0 means end of file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(SystemError) -> Int {
        try Posix.call("read", path: path) { Posix.readBytes(rawValue, buffer) }
    }

    /// Either writes all of `bytes`, or throws an error if only part of them was written.
    func writeAll(_ bytes: UnsafeRawBufferPointer) throws(SystemError) {
        var remaining = bytes
        while !remaining.isEmpty {
            let written = try Posix.call("write", path: path) {
                Posix.writeBytes(rawValue, remaining)
            }
            // A write that accepts nothing and reports no error would make this loop spin forever.
            guard written > 0 else {
                throw SystemError(operation: "write", path: path, errno: Posix.inputOutputError)
            }
            remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
        }
    }

    /// Flushes the file's data and metadata to stable storage.
    func sync() throws(SystemError) {
        // Deliberately not Posix.call: after a failed fsync the kernel may have dropped the dirty
        // pages, so a retry can report success for data that was lost.
        if Posix.syncFile(rawValue) == -1 {
            let code = Posix.errorNumber
            throw SystemError(operation: "fsync", path: path, errno: code)
        }
    }

    /// Flushes every dirty file of this file's filesystem (Linux `syncfs`). Only where
    /// `Posix.hasSyncFileSystem`: elsewhere it does nothing, and the caller syncs file by file.
    func syncFileSystem() throws(SystemError) {
        guard let result = Posix.syncFileSystem(rawValue), result == -1 else { return }
        let code = Posix.errorNumber
        throw SystemError(operation: "syncfs", path: path, errno: code)
    }

    /// The filesystem the file is on: files with the same device are flushed by one `syncfs`.
    func deviceID() throws(SystemError) -> Int64 {
        try Posix.call("fstat", path: path) { Posix.deviceID(rawValue) }
    }

    /// Sets the file's permission bits exactly, regardless of the process umask.
    func setPermissions(_ permissions: Posix.Mode) throws(SystemError) {
        try Posix.call("fchmod", path: path) { Posix.changeMode(rawValue, permissions) }
    }
}

// Operations the journal, the exclusive lock and whole-file reads need beyond whole-file writes.
extension FileDescriptor {
    /// Opens an existing file for reading and appending; every write lands at the end of the file,
    /// whatever the read position.
    static func openForAppending(_ path: String) throws(SystemError) -> FileDescriptor {
        let raw = try Posix.call("open", path: path) {
            Posix.openFile(path, Posix.readWriteAppend, 0)
        }
        return FileDescriptor(rawValue: raw, path: path)
    }

    /// Opens `path` for reading and writing, creating it with `permissions` if it is missing.
    static func openCreatingIfMissing(
        _ path: String, permissions: Posix.Mode
    ) throws(SystemError) -> FileDescriptor {
        let raw = try Posix.call("open", path: path) {
            Posix.openFile(path, Posix.readWriteCreate, permissions)
        }
        return FileDescriptor(rawValue: raw, path: path)
    }

    /// The file's kind and size, from one `fstat`.
    func kindAndSize() throws(SystemError) -> (kind: DirectoryEntries.Kind, size: Int) {
        var status = (kind: DirectoryEntries.Kind.other, size: 0)
        try Posix.call("fstat", path: path) { Posix.fileKindAndSize(rawValue, into: &status) }
        return status
    }

    /// Reads the whole file from offset 0, whatever the descriptor's position, without moving it.
    /// `expectedSize` (from an `fstat` the caller made) only sizes the buffer.
    func readAll(expectedSize: Int? = nil) throws(SystemError) -> [UInt8] {
        var bytes = [UInt8]()
        if let expectedSize {
            bytes.reserveCapacity(expectedSize)
        } else {
            bytes.reserveCapacity(try kindAndSize().size)
        }
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
        defer { chunk.deallocate() }
        while true {
            let offset = bytes.count
            let count = try Posix.call("pread", path: path) {
                Posix.readBytes(rawValue, chunk, at: offset)
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        }
    }

    /// Either writes all of `bytes` starting at `offset`, or throws an error if only part of them
    /// was written. Not for descriptors opened for appending, where Linux ignores the offset.
    func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(SystemError) {
        var remaining = bytes
        var position = offset
        while !remaining.isEmpty {
            let written = try Posix.call("pwrite", path: path) {
                Posix.writeBytes(rawValue, remaining, at: position)
            }
            guard written > 0 else {
                throw SystemError(operation: "pwrite", path: path, errno: Posix.inputOutputError)
            }
            remaining = UnsafeRawBufferPointer(rebasing: remaining[written...])
            position += written
        }
    }

    /// Cuts the file to `length` bytes (or extends it with zeros).
    func truncate(to length: Int) throws(SystemError) {
        try Posix.call("ftruncate", path: path) { Posix.truncateFile(rawValue, length) }
    }

    /// Takes the exclusive flock of this open file description: true when taken, false when another
    /// open file description holds it. Never waits.
    func lockExclusiveWithoutWaiting() throws(SystemError) -> Bool {
        while Posix.lockExclusiveWithoutWaiting(rawValue) == -1 {
            let code = Posix.errorNumber
            if code == Posix.interrupted { continue }
            if code == Posix.wouldBlock { return false }
            throw SystemError(operation: "flock", path: path, errno: code)
        }
        return true
    }

    /// Releases the flock this open file description holds.
    func unlock() throws(SystemError) {
        try Posix.call("flock", path: path) { Posix.unlock(rawValue) }
    }
}
