/// Where a Databricks workspace notebook lands, locally and on AIDP (issue #3): the workspace
/// path without a leading `/Workspace`, spaces → `_`, plus `.ipynb`.
public struct WorkspacePaths: Sendable, Hashable {
    /// The job name made path-safe.
    public var job: String
    public var workspaceRoot: String

    public init(job: String, workspaceRoot: String) {
        self.job = job
        self.workspaceRoot = workspaceRoot.hasSuffix("/") ? String(workspaceRoot.dropLast()) : workspaceRoot
    }

    /// The folder of the job's migrated notebooks, locally (under `<outputBase>/<job>/`) and on AIDP.
    public static let notebooksFolder = "notebooks"

    /// `/Users/a b/x` → `Users/a_b/x.ipynb`.
    ///
    /// Works on UTF-8 bytes, not `Character`s: a path is bytes, and a space must become `_` even
    /// where a combining mark follows it (as a `Character` the two would be one unit).
    public static func outputRelativePath(forWorkspacePath path: String) -> String {
        var path = path
        return path.withUTF8 { bytes in
            let start = bytes.starts(with: "/Workspace/".utf8) ? "/Workspace".utf8.count : 0
            // Written straight into the string's storage: this runs for every notebook and every
            // `%run` target.
            return String(unsafeUninitializedCapacity: bytes.count - start + 6) { output in
                var count = 0
                // Empty segments vanish: a `/` is written only between two non-empty ones.
                var slashPending = false
                for byte in bytes[start...] {
                    if byte == UInt8(ascii: "/") {
                        slashPending = count > 0
                        continue
                    }
                    if slashPending {
                        output[count] = UInt8(ascii: "/")
                        count += 1
                        slashPending = false
                    }
                    output[count] = byte == UInt8(ascii: " ") ? UInt8(ascii: "_") : byte
                    count += 1
                }
                for byte in ".ipynb".utf8 {
                    output[count] = byte
                    count += 1
                }
                return count
            }
        }
    }

    /// `<workspaceRoot>/<job>/notebooks/<output relative path>`.
    public func aidpPath(forWorkspacePath path: String) -> String {
        "\(workspaceRoot)/\(job)/\(Self.notebooksFolder)/\(Self.outputRelativePath(forWorkspacePath: path))"
    }

    /// A job name as a folder name: letters, digits, `-`, `_` and `.`; anything else becomes `_`.
    public static func safeJobName(_ name: String) -> String {
        let mapped = name.unicodeScalars.map { scalar -> Character in
            let allowed = (scalar.value < 128 && (CharacterSet.alnum(scalar) || "-_.".unicodeScalars.contains(scalar)))
            return allowed ? Character(scalar) : "_"
        }
        var result = String(mapped)
        while result.hasPrefix(".") { result.removeFirst() }
        return result.isEmpty ? "job" : result
    }
}

private enum CharacterSet {
    static func alnum(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }
}
