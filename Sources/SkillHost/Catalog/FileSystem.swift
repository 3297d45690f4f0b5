import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few file-system questions the catalog asks, answered from real paths so that symlinks
/// cannot smuggle a file from outside a skill folder into it.
enum FileSystem {
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// True when `path` (a real path) is `directory` (a real path) or inside it.
    static func isWithin(_ path: String, _ directory: String) -> Bool {
        if path == directory { return true }
        let prefix = directory.hasSuffix("/") ? directory : directory + "/"
        return path.hasPrefix(prefix)
    }

    enum Kind { case file, directory, other, missing }

    /// The kind of `path`, following symlinks.
    static func kind(_ path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func size(_ path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_size)
    }

    /// Entry names of a directory, sorted so every scan sees the same order; empty on error.
    static func entries(_ directory: String) -> [String] {
        guard let handle = opendir(directory) else { return [] }
        defer { closedir(handle) }
        var names: [String] = []
        while let entry = readdir(handle) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names.sorted()
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func parent(_ path: String) -> String {
        (path as NSString).deletingLastPathComponent
    }

    static func lastComponent(_ path: String) -> String {
        (path as NSString).lastPathComponent
    }

    static func absolute(_ path: String, relativeTo base: String) -> String {
        path.hasPrefix("/") ? path : join(base, path)
    }

    static var currentDirectory: String {
        FileManager.default.currentDirectoryPath
    }
}
