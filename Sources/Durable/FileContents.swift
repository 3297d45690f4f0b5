/// Whole-file reads of paths that may hold nothing. Opening the file is the existence check: a
/// check first and a read after cost a path lookup per file, and a migration inspects thousands
/// of outputs per run.
public enum FileContents {
    public enum Found: Sendable, Hashable {
        /// Nothing is at the path, or one of its parents is not a folder.
        case missing
        case directory
        /// A FIFO, a socket or a device: nothing a file's bytes can be read from.
        case special
        case bytes([UInt8])
    }

    /// What is at `path` now. Throws when a file is there but cannot be read (no permission, an
    /// I/O error). Opened without blocking: a FIFO left at the path must not wait for a writer.
    public static func read(_ path: String) throws(SystemError) -> Found {
        let file: FileDescriptor
        do {
            file = try FileDescriptor.open(path, .readOnlyNonBlocking)
        } catch {
            if error.errno == Posix.noSuchFile || error.errno == Posix.notADirectory { return .missing }
            if Posix.notOpenableAsFile.contains(error.errno) { return .special }
            throw error
        }
        // Only read from: a failing close loses nothing that was read.
        defer { try? file.close() }
        let (kind, size) = try file.kindAndSize()
        switch kind {
        case .file: return .bytes(try file.readAll(expectedSize: size))
        case .directory: return .directory
        case .symbolicLink, .other: return .special
        }
    }
}
