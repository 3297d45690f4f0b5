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

    /// `/Users/a b/x` → `Users/a_b/x.ipynb`.
    public static func outputRelativePath(forWorkspacePath path: String) -> String {
        var path = path
        if let fast = path.withUTF8({ fastOutputRelativePath($0) }) { return fast }
        return slowOutputRelativePath(forWorkspacePath: path)
    }

    /// One pass over the UTF-8 bytes. Byte-level `/` and space handling equals the `Character`
    /// handling whenever no non-ASCII byte touches a `/` or a space (then each is a grapheme of its
    /// own); otherwise nil, and the `Character`-based path decides.
    private static func fastOutputRelativePath(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let count = bytes.count
        let slash: UInt8 = 0x2F
        let space: UInt8 = 0x20
        for index in 0..<count where bytes[index] == slash || bytes[index] == space {
            if index > 0, bytes[index - 1] >= 0x80 { return nil }
            if index + 1 < count, bytes[index + 1] >= 0x80 { return nil }
        }
        var start = 0
        let prefix: StaticString = "/Workspace/"
        let prefixCount = prefix.utf8CodeUnitCount
        if count >= prefixCount {
            var matches = true
            let prefixBytes = prefix.utf8Start
            for index in 0..<prefixCount where bytes[index] != prefixBytes[index] {
                matches = false
                break
            }
            if matches { start = prefixCount - 1 }
        }
        return String(unsafeUninitializedCapacity: count + 6) { output in
            var written = 0
            var index = start
            while index < count {
                // Skip separators (empty segments vanish), then copy one segment.
                while index < count, bytes[index] == slash { index += 1 }
                guard index < count else { break }
                if written > 0 {
                    output[written] = slash
                    written += 1
                }
                while index < count, bytes[index] != slash {
                    let byte = bytes[index]
                    output[written] = byte == space ? 0x5F : byte
                    written += 1
                    index += 1
                }
            }
            for byte in ".ipynb".utf8 {
                output[written] = byte
                written += 1
            }
            return written
        }
    }

    private static func slowOutputRelativePath(forWorkspacePath path: String) -> String {
        var trimmed = path
        if trimmed.hasPrefix("/Workspace/") { trimmed = String(trimmed.dropFirst("/Workspace".count)) }
        let segments = trimmed.split(separator: "/").map { $0.replacingOccurrences(of: " ", with: "_") }
        return segments.joined(separator: "/") + ".ipynb"
    }

    /// `<workspaceRoot>/<job>/notebooks/<output relative path>`.
    public func aidpPath(forWorkspacePath path: String) -> String {
        "\(workspaceRoot)/\(job)/notebooks/\(Self.outputRelativePath(forWorkspacePath: path))"
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
