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
    /// Listings by folder path relative to `root` ("" is the root); `nil` for one that cannot be listed.
    private let listings = Mutex<[String: DirectoryEntries?]>([:])

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
            let relativeBase = base.dropFirst()
            let folder = relativeBase.lastIndex(of: "/").map { String(relativeBase[..<$0]) } ?? ""
            let name =
                relativeBase.lastIndex(of: "/").map { relativeBase[relativeBase.index(after: $0)...] }
                ?? relativeBase
            let folderState = self.folder(folder)
            for ext in Self.extensions {
                let relative = String(relativeBase) + "." + ext
                tried.append(relative)
                let kind: DirectoryEntries.Kind?
                switch folderState {
                case .missing: kind = nil
                case .listed(let entries): kind = entries[name + "." + ext]
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

    /// Walks from the root to `relativeFolder` through cached listings.
    private func folder(_ relativeFolder: String) -> FolderState {
        var current = ""
        guard var entries = listing(current) else { return .missing }
        for component in relativeFolder.split(separator: "/", omittingEmptySubsequences: true) {
            switch entries[String(component)] {
            case .directory:
                current += current.isEmpty ? String(component) : "/" + component
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

    private func listing(_ relativeFolder: String) -> DirectoryEntries? {
        if let cached = listings.withLock({ $0[relativeFolder] }) { return cached }
        let entries = DirectoryEntries.read(relativeFolder.isEmpty ? root : root + "/" + relativeFolder)
        listings.withLock { $0[relativeFolder] = entries }
        return entries
    }

    /// A candidate reached through a link: found only when it resolves to a file inside the root.
    private func resolvingLinks(_ relative: String) -> Location? {
        guard let real = realPath(root + "/" + relative) else { return nil }
        guard real == root || real.hasPrefix(root + "/") else {
            return .escapes("'\(relative)' is a link to \(real), outside the source folder")
        }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), !isDirectory.boolValue {
            return .found(path: real, relativePath: relative)
        }
        return nil
    }

    /// An absolute workspace path with `.` and `..` resolved and no trailing slash; `nil` when it
    /// climbs above `/`.
    public static func normalise(_ path: String) -> String? {
        if isNormal(path) { return path }
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return "/" + parts.joined(separator: "/")
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
