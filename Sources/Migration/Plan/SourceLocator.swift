import Durable
import Foundation
import Synchronization

/// Finds the exported file of a workspace notebook under the `source` folder, confined to it:
/// `/Users/a/etl/x` → `<source>/Users/a/etl/x.py|.sql|.scala|.r|.R|.ipynb`, also with a leading
/// `/Workspace` removed. A path that normalises outside the folder, or a link leading out of it,
/// is refused rather than followed.
///
/// Each folder is listed once and shared by every lookup (from any thread); only a path that
/// passes through a symbolic link is resolved with `realpath` to check where it leads.
public final class SourceLocator: Sendable {
    public static let extensions = ["py", "sql", "scala", "r", "R", "ipynb"]

    /// Real path of the source folder.
    public let root: String
    /// Listings by the bytes of the folder path relative to `root` (empty is the root); `nil` for
    /// one that cannot be listed. Bytes, not `String`: equivalent Unicode spellings are different
    /// folders on disk.
    private let listings = Mutex<[[UInt8]: DirectoryEntries?]>([:])

    public init(root: String) {
        self.root = root
    }

    public enum Location: Sendable, Hashable {
        /// `path` is the real file; `relativePath` is relative to the source folder.
        case found(path: String, relativePath: String)
        case missing(tried: [String])
        case escapes(String)
    }

    public func locate(workspacePath: String) -> Location {
        guard let normalised = Self.normalise(workspacePath) else {
            return .escapes("'\(workspacePath)' climbs above the workspace root with '..'")
        }
        var bases = [normalised]
        if normalised.hasPrefix("/Workspace/") { bases.append(String(normalised.dropFirst("/Workspace".count))) }
        var tried: [String] = []
        for base in bases {
            // Normalised, so it starts with "/" and holds no empty, "." or ".." component.
            let bytes = Array(base.utf8.dropFirst())
            let slash = bytes.lastIndex(of: 0x2F)
            let folder = slash.map { Array(bytes[..<$0]) } ?? []
            let name = slash.map { Array(bytes[($0 + 1)...]) } ?? bytes
            let folderState = self.folder(folder)
            let path = String(decoding: bytes, as: UTF8.self)
            let stem = name + [0x2E]
            for ext in Self.extensions {
                let relative = path + "." + ext
                tried.append(relative)
                let kind: DirectoryEntries.Kind?
                switch folderState {
                case .missing: kind = nil
                case .listed(let entries): kind = entries[stem + Array(ext.utf8)]
                case .throughLink: kind = .symbolicLink
                }
                switch kind {
                case .file:
                    return .found(path: root + "/" + relative, relativePath: relative)
                case .symbolicLink:
                    if let location = resolvingLinks(relative) { return location }
                case .directory, .other, nil:
                    continue
                }
            }
        }
        return .missing(tried: tried)
    }

    private enum FolderState {
        case listed(DirectoryEntries)
        case missing
        /// Some component is a symbolic link: candidates are checked with `realpath`.
        case throughLink
    }

    /// Walks from the root to `relativeFolder` (bytes, relative to the root) through cached
    /// listings.
    private func folder(_ relativeFolder: [UInt8]) -> FolderState {
        var current: [UInt8] = []
        guard var entries = listing(current) else { return .missing }
        for component in relativeFolder.split(separator: 0x2F, omittingEmptySubsequences: true) {
            switch entries[Array(component)] {
            case .directory:
                current += current.isEmpty ? Array(component) : [0x2F] + component
                guard let next = listing(current) else { return .missing }
                entries = next
            case .symbolicLink:
                return .throughLink
            case .file, .other, nil:
                return .missing
            }
        }
        return .listed(entries)
    }

    private func listing(_ relativeFolder: [UInt8]) -> DirectoryEntries? {
        if let cached = listings.withLock({ $0[relativeFolder] }) { return cached }
        let entries = DirectoryEntries.read(
            relativeFolder.isEmpty ? root : root + "/" + String(decoding: relativeFolder, as: UTF8.self))
        listings.withLock { $0[relativeFolder] = entries }
        return entries
    }

    /// A candidate reached through a link: found only when it resolves to a file inside the root.
    private func resolvingLinks(_ relative: String) -> Location? {
        guard let real = realPath(root + "/" + relative) else { return nil }
        guard real == root || real.hasPrefix(root + "/") else {
            return .escapes("'\(relative)' is a link to \(real), outside the source folder")
        }
        // Only a regular file: reading a FIFO or a device a link points at could block or never end.
        guard (try? FileManager.default.attributesOfItem(atPath: real)[.type] as? FileAttributeType) == .typeRegular
        else { return nil }
        return .found(path: real, relativePath: relative)
    }

    /// An absolute workspace path with `.` and `..` resolved and no trailing slash; `nil` when it
    /// climbs above `/`.
    /// Components are split on `/` bytes, as the filesystem splits them (a combining mark after a
    /// `/` makes one `Character` of the two, which must not hide a `..`).
    public static func normalise(_ path: String) -> String? {
        if isNormal(path) { return path }
        var parts: [ArraySlice<UInt8>] = []
        for part in Array(path.utf8).split(separator: 0x2F, omittingEmptySubsequences: true) {
            switch Array(part) {
            case [0x2E]: continue
            case [0x2E, 0x2E]:
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return "/" + String(decoding: Array(parts.joined(separator: [0x2F])), as: UTF8.self)
    }

    /// Whether `path` is already what `normalise` makes of it: absolute, and no empty, `.` or `..`
    /// component. Almost every path is, and checking bytes is far cheaper than splitting.
    private static func isNormal(_ path: String) -> Bool {
        var path = path
        return path.withUTF8 { bytes in
            guard bytes.first == UInt8(ascii: "/") else { return false }
            if bytes.count == 1 { return true }
            var componentStart = 1
            for index in 1...bytes.count {
                guard index == bytes.count || bytes[index] == UInt8(ascii: "/") else { continue }
                let length = index - componentStart
                if length == 0 { return false }
                if bytes[componentStart] == UInt8(ascii: "."),
                    length == 1 || (length == 2 && bytes[componentStart + 1] == UInt8(ascii: "."))
                {
                    return false
                }
                componentStart = index + 1
            }
            return true
        }
    }

    private func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
