import Foundation

/// Finds the exported file of a workspace notebook under the `source` folder, confined to it:
/// `/Users/a/etl/x` → `<source>/Users/a/etl/x.py|.sql|.scala|.r|.R|.ipynb`, also with a leading
/// `/Workspace` removed. A path that normalises outside the folder, or a link leading out of it,
/// is refused rather than followed.
public struct SourceLocator: Sendable {
    public static let extensions = ["py", "sql", "scala", "r", "R", "ipynb"]

    /// Real path of the source folder.
    public let root: String

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
            for ext in Self.extensions {
                let relative = String(base.dropFirst()) + "." + ext
                let candidate = root + "/" + relative
                tried.append(relative)
                guard let real = realPath(candidate) else { continue }
                guard real == root || real.hasPrefix(root + "/") else {
                    return .escapes("'\(relative)' is a link to \(real), outside the source folder")
                }
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory), !isDirectory.boolValue {
                    return .found(path: real, relativePath: relative)
                }
            }
        }
        return .missing(tried: tried)
    }

    /// An absolute workspace path with `.` and `..` resolved and no trailing slash; `nil` when it
    /// climbs above `/`.
    public static func normalise(_ path: String) -> String? {
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

    private func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
